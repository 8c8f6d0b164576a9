/* fields.c — canonical lead fields and funnel stages, and the export header spellings that map onto the fields. */
#include <stddef.h>
#include <string.h>

#include "smk_int.h"

static const char *const field_names[SMK_F_COUNT] = {
	[SMK_F_EMAIL] = "email",
	[SMK_F_FIRST_NAME] = "first_name",
	[SMK_F_LAST_NAME] = "last_name",
	[SMK_F_COMPANY] = "company",
	[SMK_F_TITLE] = "title",
	[SMK_F_PHONE] = "phone",
	[SMK_F_COUNTRY] = "country",
	[SMK_F_SOURCE] = "source",
	[SMK_F_CAMPAIGN] = "campaign",
	[SMK_F_CHANNEL] = "channel",
	[SMK_F_CREATED_AT] = "created_at"
};

/* Stored in the database and typed by users: these exact words. */
static const char *const stage_names[SMK_ST_COUNT] = {
	[SMK_ST_LEAD] = "lead",
	[SMK_ST_MQL] = "mql",
	[SMK_ST_SAL] = "sal",
	[SMK_ST_SQL] = "sql",
	[SMK_ST_WON] = "won",
	[SMK_ST_LOST] = "lost",
	[SMK_ST_RECYCLED] = "recycled",
	[SMK_ST_DISQUALIFIED] = "disqualified"
};

/*
 * Header spellings, compared after folding (see smk_fold_header()), so "E-mail
 * Address", "email_address" and "EmailAddress" are one entry.  Comments
 * name the tools whose exports or import templates use each spelling.
 *
 * The importer maps the first column that matches a field and keeps later
 * ones as unmapped columns (nothing is lost: they stay with the lead).  So
 * this table only lists spellings that mean the field without doubt; a
 * spelling that is the field only in some tools, or that is a second
 * choice which would win by coming first in a file, stays out, and
 * --map field=Header takes it.  The decisions:
 *
 * - "Title" alone is not mapped.  It is the job title in Salesforce, but
 *   the salutation (Mr/Ms) in Mautic, whose export puts "title" before
 *   "position", and the name of the lead itself in Pipedrive.  "Job
 *   Title" (HubSpot, Marketo, ad platforms) and "Position" (Mautic) are.
 * - "Work email" is not mapped: HubSpot has both "Email" and "Work email"
 *   in one file and "Email" is the contact's key there.  Same for
 *   "Business Email".
 * - Mobile numbers are not mapped: HubSpot ("Mobile Phone Number"),
 *   Salesforce ("Mobile Phone") and Mautic ("mobile") all list the mobile
 *   column before the main phone, so mapping it would shadow "Phone".
 * - Company-address fields are not the lead's: "Billing Country"
 *   (Marketo, Salesforce accounts) and Mautic's company fields
 *   ("companycountry", "companyemail") stay unmapped.  "companyname" does
 *   map: it folds to the same key as "Company Name", and it is a company.
 * - IDs are not names: "campaign_id" (Facebook), "Campaign ID" stay out,
 *   so that "campaign_name" after them is the one that maps.
 * - Lead status, lifecycle stage, owner, score and "Lead Origin" (the
 *   form or API a lead came through, X Education) are not lead fields.
 * - "Original Source" (HubSpot) is a source, as DESIGN.md's examples
 *   have it, even though its values look like channels ("Paid Social").
 */
struct spelling {
	const char *header;
	int field;
};

static const struct spelling spellings[] = {
	/* email */
	{ "Email", SMK_F_EMAIL },            /* HubSpot, Salesforce, Mautic,
	                                        Facebook, forms "E-mail" */
	{ "Email Address", SMK_F_EMAIL },    /* Marketo, LinkedIn lead gen,
	                                        forms "E-mail Address" */
	{ "User Email", SMK_F_EMAIL },       /* Google Ads lead forms */
	{ "Person - Email", SMK_F_EMAIL },   /* Pipedrive export */
	{ "Person - Email - Work", SMK_F_EMAIL }, /* Pipedrive: default label */

	/* first_name */
	{ "First Name", SMK_F_FIRST_NAME },  /* HubSpot, Salesforce, Marketo,
	                                        Mautic "firstname", LinkedIn */
	{ "First", SMK_F_FIRST_NAME },       /* forms */
	{ "FName", SMK_F_FIRST_NAME },       /* forms, Mailchimp "FNAME" */
	{ "Given Name", SMK_F_FIRST_NAME },  /* forms */
	{ "Forename", SMK_F_FIRST_NAME },    /* forms (UK) */
	{ "Person - First Name", SMK_F_FIRST_NAME }, /* Pipedrive export */

	/* last_name */
	{ "Last Name", SMK_F_LAST_NAME },    /* HubSpot, Salesforce, Marketo,
	                                        Mautic "lastname", LinkedIn */
	{ "Last", SMK_F_LAST_NAME },         /* forms */
	{ "LName", SMK_F_LAST_NAME },        /* forms, Mailchimp "LNAME" */
	{ "Surname", SMK_F_LAST_NAME },      /* forms (UK) */
	{ "Family Name", SMK_F_LAST_NAME },  /* forms */
	{ "Person - Last Name", SMK_F_LAST_NAME }, /* Pipedrive export */

	/* company */
	{ "Company", SMK_F_COMPANY },        /* Salesforce, Mautic, forms */
	{ "Company Name", SMK_F_COMPANY },   /* HubSpot, Marketo, Facebook,
	                                        LinkedIn, Google, Mautic
	                                        "companyname" */
	{ "Organization", SMK_F_COMPANY },   /* forms, Pipedrive */
	{ "Organisation", SMK_F_COMPANY },   /* forms (UK) */
	{ "Organization Name", SMK_F_COMPANY }, /* forms, Pipedrive export
	                                        "Organization - Name" */
	{ "Person - Organization", SMK_F_COMPANY }, /* Pipedrive export */
	{ "Account Name", SMK_F_COMPANY },   /* Salesforce contact reports */
	{ "Employer", SMK_F_COMPANY },       /* forms */

	/* title: the job title (see above for "Title" alone) */
	{ "Job Title", SMK_F_TITLE },        /* HubSpot, Marketo, LinkedIn,
	                                        Facebook "job_title", Google */
	{ "Position", SMK_F_TITLE },         /* Mautic */
	{ "Job Role", SMK_F_TITLE },         /* forms */
	{ "Job Position", SMK_F_TITLE },     /* forms */

	/* phone: the main number (see above for mobile) */
	{ "Phone", SMK_F_PHONE },            /* Salesforce, Mautic, forms */
	{ "Phone Number", SMK_F_PHONE },     /* HubSpot, Marketo, Facebook
	                                        "phone_number", LinkedIn */
	{ "Telephone", SMK_F_PHONE },        /* forms */
	{ "Telephone Number", SMK_F_PHONE }, /* forms */
	{ "Tel", SMK_F_PHONE },              /* forms */
	{ "User Phone", SMK_F_PHONE },       /* Google Ads lead forms */
	{ "Person - Phone", SMK_F_PHONE },   /* Pipedrive export */
	{ "Person - Phone - Work", SMK_F_PHONE }, /* Pipedrive: default label */

	/* country: the lead's, not the billing address's */
	{ "Country", SMK_F_COUNTRY },        /* Salesforce, Marketo, Mautic,
	                                        Facebook, Google, X Education */
	{ "Country/Region", SMK_F_COUNTRY }, /* HubSpot, LinkedIn */
	{ "Country Code", SMK_F_COUNTRY },   /* forms, "country_code" */
	{ "Country Name", SMK_F_COUNTRY },   /* forms */

	/* source */
	{ "Source", SMK_F_SOURCE },          /* Pipedrive leads, forms */
	{ "Lead Source", SMK_F_SOURCE },     /* Salesforce, Marketo,
	                                        X Education */
	{ "Original Source", SMK_F_SOURCE }, /* HubSpot */
	{ "hs_analytics_source", SMK_F_SOURCE }, /* HubSpot internal name */
	{ "utm_source", SMK_F_SOURCE },      /* forms with UTM fields */

	/* campaign */
	{ "Campaign", SMK_F_CAMPAIGN },      /* forms, Google Ads */
	{ "Campaign Name", SMK_F_CAMPAIGN }, /* Facebook "campaign_name",
	                                        LinkedIn */
	{ "utm_campaign", SMK_F_CAMPAIGN },  /* forms with UTM fields */
	{ "Ad Campaign", SMK_F_CAMPAIGN },   /* ad platforms */
	{ "Primary Campaign Source", SMK_F_CAMPAIGN }, /* Salesforce */
	{ "Acquisition Program", SMK_F_CAMPAIGN }, /* Marketo */

	/* channel */
	{ "Channel", SMK_F_CHANNEL },        /* forms */
	{ "Marketing Channel", SMK_F_CHANNEL }, /* forms */
	{ "utm_medium", SMK_F_CHANNEL },     /* forms with UTM fields */
	{ "Medium", SMK_F_CHANNEL },         /* analytics exports */

	/* created_at */
	{ "Create Date", SMK_F_CREATED_AT }, /* HubSpot "createdate" */
	{ "Created Date", SMK_F_CREATED_AT },/* Salesforce */
	{ "Created At", SMK_F_CREATED_AT },  /* Marketo "createdAt", forms */
	{ "Created", SMK_F_CREATED_AT },     /* forms */
	{ "Created On", SMK_F_CREATED_AT },  /* forms */
	{ "Created Time", SMK_F_CREATED_AT },/* Facebook lead ads
	                                        "created_time" */
	{ "Creation Date", SMK_F_CREATED_AT }, /* forms */
	{ "Date Created", SMK_F_CREATED_AT },/* forms */
	{ "Date Added", SMK_F_CREATED_AT },  /* Mautic "date_added" */
	{ "Submitted At", SMK_F_CREATED_AT },/* forms (Typeform) */
	{ "Submission Date", SMK_F_CREATED_AT }, /* forms (Jotform) */
	{ "Date Submitted", SMK_F_CREATED_AT }, /* forms */
	{ "Conversion Date", SMK_F_CREATED_AT }, /* ad platforms */
	{ "Timestamp", SMK_F_CREATED_AT },   /* Google Forms */
};

/* ASCII lower-case, independent of the locale a tool may have set. */
static int
lower(int c)
{
	return (c >= 'A' && c <= 'Z') ? c - 'A' + 'a' : c;
}

/*
 * Folds a header for matching: ASCII lower-case, without blanks and the
 * punctuation exports put between words (_ - . /).  Returns 0, or -1 when
 * the result does not fit (then no spelling can match it).
 */
int
smk_fold_header(const char *s, char *out, size_t size)
{
	size_t n = 0;

	for (; *s != '\0'; s++) {
		if (strchr(" \t_-./", *s) != NULL)
			continue;
		if (n + 1 >= size)
			return -1;
		out[n++] = (char)lower((unsigned char)*s);
	}
	out[n] = '\0';
	return 0;
}

static int
ascii_caseeq(const char *a, const char *b)
{
	for (; *a != '\0' && *b != '\0'; a++, b++)
		if (lower((unsigned char)*a) != lower((unsigned char)*b))
			return 0;
	return *a == *b;
}

const char *
smk_field_name(int f)
{
	return (f >= 0 && f < SMK_F_COUNT) ? field_names[f] : NULL;
}

int
smk_field_lookup_name(const char *name)
{
	int f;

	if (name == NULL)
		return -1;
	for (f = 0; f < SMK_F_COUNT; f++)
		if (ascii_caseeq(name, field_names[f]))
			return f;
	return -1;
}

int
smk_field_lookup_header(const char *header)
{
	char key[128], cand[128];
	size_t i;

	if (header == NULL || smk_fold_header(header, key, sizeof(key)) < 0 ||
	    key[0] == '\0')
		return -1;
	for (i = 0; i < sizeof(spellings) / sizeof(spellings[0]); i++) {
		if (smk_fold_header(spellings[i].header, cand, sizeof(cand)) == 0 &&
		    strcmp(key, cand) == 0)
			return spellings[i].field;
	}
	return -1;
}

const char *
smk_stage_name(int st)
{
	return (st >= 0 && st < SMK_ST_COUNT) ? stage_names[st] : NULL;
}

/*
 * Exact names only: they are the words stored in the database and shown
 * in reports.  Mapping a CRM's own spellings ("MQL", "Closed Won") is the
 * reader's job, where it can say which column and line it read.
 */
int
smk_stage_lookup(const char *name)
{
	int st;

	if (name == NULL)
		return -1;
	for (st = 0; st < SMK_ST_COUNT; st++)
		if (strcmp(name, stage_names[st]) == 0)
			return st;
	return -1;
}
