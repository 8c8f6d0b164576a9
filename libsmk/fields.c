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
 * csvmap.c maps the columns: --map first, then these spellings; when two
 * columns could be a field, the spelling of lower rank wins, and among
 * equal ranks the first column; later ones are kept as unmapped columns
 * (nothing is lost: they stay with the lead).  So this table lists at
 * rank 0 only spellings that mean the field without doubt; a second
 * choice has a higher rank, and a spelling that is the field only in some
 * tools stays out (--map field=Header takes it).  The decisions:
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
 * - HubSpot's campaign: "First Touch Converting Campaign" (rank 1), the
 *   campaign whose conversion created the contact, matches the touch's
 *   time (Create Date); else "Original Source Drill-Down 2" (rank 2),
 *   where HubSpot keeps the utm_campaign of paid and social sources (for
 *   offline sources it holds the import's or integration's name).  A
 *   plain "Campaign" or "utm_campaign" column beats both.  "Last Touch
 *   Converting Campaign" stays unmapped (kept with the lead): it is a
 *   later conversion, not the one dated by the row.
 * - "Original Source" (HubSpot) is a source, as DESIGN.md's examples
 *   have it, even though its values look like channels ("Paid Social").
 */
static const struct smk_spelling spellings[] = {
	/* email */
	{ "Email", SMK_F_EMAIL, 0 },            /* HubSpot, Salesforce, Mautic,
	                                        Facebook, forms "E-mail" */
	{ "Email Address", SMK_F_EMAIL, 0 },    /* Marketo, LinkedIn lead gen,
	                                        forms "E-mail Address" */
	{ "User Email", SMK_F_EMAIL, 0 },       /* Google Ads lead forms */
	{ "Person - Email", SMK_F_EMAIL, 0 },   /* Pipedrive export */
	{ "Person - Email - Work", SMK_F_EMAIL, 0 }, /* Pipedrive: default label */

	/* first_name */
	{ "First Name", SMK_F_FIRST_NAME, 0 },  /* HubSpot, Salesforce, Marketo,
	                                        Mautic "firstname", LinkedIn */
	{ "First", SMK_F_FIRST_NAME, 0 },       /* forms */
	{ "FName", SMK_F_FIRST_NAME, 0 },       /* forms, Mailchimp "FNAME" */
	{ "Given Name", SMK_F_FIRST_NAME, 0 },  /* forms */
	{ "Forename", SMK_F_FIRST_NAME, 0 },    /* forms (UK) */
	{ "Person - First Name", SMK_F_FIRST_NAME, 0 }, /* Pipedrive export */

	/* last_name */
	{ "Last Name", SMK_F_LAST_NAME, 0 },    /* HubSpot, Salesforce, Marketo,
	                                        Mautic "lastname", LinkedIn */
	{ "Last", SMK_F_LAST_NAME, 0 },         /* forms */
	{ "LName", SMK_F_LAST_NAME, 0 },        /* forms, Mailchimp "LNAME" */
	{ "Surname", SMK_F_LAST_NAME, 0 },      /* forms (UK) */
	{ "Family Name", SMK_F_LAST_NAME, 0 },  /* forms */
	{ "Person - Last Name", SMK_F_LAST_NAME, 0 }, /* Pipedrive export */

	/* company */
	{ "Company", SMK_F_COMPANY, 0 },        /* Salesforce, Mautic, forms */
	{ "Company Name", SMK_F_COMPANY, 0 },   /* HubSpot, Marketo, Facebook,
	                                        LinkedIn, Google, Mautic
	                                        "companyname" */
	{ "Organization", SMK_F_COMPANY, 0 },   /* forms, Pipedrive */
	{ "Organisation", SMK_F_COMPANY, 0 },   /* forms (UK) */
	{ "Organization Name", SMK_F_COMPANY, 0 }, /* forms, Pipedrive export
	                                        "Organization - Name" */
	{ "Person - Organization", SMK_F_COMPANY, 0 }, /* Pipedrive export */
	{ "Account Name", SMK_F_COMPANY, 0 },   /* Salesforce contact reports */
	{ "Employer", SMK_F_COMPANY, 0 },       /* forms */

	/* title: the job title (see above for "Title" alone) */
	{ "Job Title", SMK_F_TITLE, 0 },        /* HubSpot, Marketo, LinkedIn,
	                                        Facebook "job_title", Google */
	{ "Position", SMK_F_TITLE, 0 },         /* Mautic */
	{ "Job Role", SMK_F_TITLE, 0 },         /* forms */
	{ "Job Position", SMK_F_TITLE, 0 },     /* forms */

	/* phone: the main number (see above for mobile) */
	{ "Phone", SMK_F_PHONE, 0 },            /* Salesforce, Mautic, forms */
	{ "Phone Number", SMK_F_PHONE, 0 },     /* HubSpot, Marketo, Facebook
	                                        "phone_number", LinkedIn */
	{ "Telephone", SMK_F_PHONE, 0 },        /* forms */
	{ "Telephone Number", SMK_F_PHONE, 0 }, /* forms */
	{ "Tel", SMK_F_PHONE, 0 },              /* forms */
	{ "User Phone", SMK_F_PHONE, 0 },       /* Google Ads lead forms */
	{ "Person - Phone", SMK_F_PHONE, 0 },   /* Pipedrive export */
	{ "Person - Phone - Work", SMK_F_PHONE, 0 }, /* Pipedrive: default label */

	/* country: the lead's, not the billing address's */
	{ "Country", SMK_F_COUNTRY, 0 },        /* Salesforce, Marketo, Mautic,
	                                        Facebook, Google, X Education */
	{ "Country/Region", SMK_F_COUNTRY, 0 }, /* HubSpot, LinkedIn */
	{ "Country Code", SMK_F_COUNTRY, 0 },   /* forms, "country_code" */
	{ "Country Name", SMK_F_COUNTRY, 0 },   /* forms */

	/* source */
	{ "Source", SMK_F_SOURCE, 0 },          /* Pipedrive leads, forms */
	{ "Lead Source", SMK_F_SOURCE, 0 },     /* Salesforce, Marketo,
	                                        X Education */
	{ "Original Source", SMK_F_SOURCE, 0 }, /* HubSpot */
	{ "hs_analytics_source", SMK_F_SOURCE, 0 }, /* HubSpot internal name */
	{ "utm_source", SMK_F_SOURCE, 0 },      /* forms with UTM fields */

	/* campaign */
	{ "Campaign", SMK_F_CAMPAIGN, 0 },      /* forms, Google Ads */
	{ "Campaign Name", SMK_F_CAMPAIGN, 0 }, /* Facebook "campaign_name",
	                                        LinkedIn */
	{ "utm_campaign", SMK_F_CAMPAIGN, 0 },  /* forms with UTM fields */
	{ "Ad Campaign", SMK_F_CAMPAIGN, 0 },   /* ad platforms */
	{ "Primary Campaign Source", SMK_F_CAMPAIGN, 0 }, /* Salesforce */
	{ "Acquisition Program", SMK_F_CAMPAIGN, 0 }, /* Marketo */
	/* HubSpot's own: the campaign that turned the contact into a lead
	 * (the touch is dated by Create Date), else the UTM campaign HubSpot
	 * keeps under the original source */
	{ "First Touch Converting Campaign", SMK_F_CAMPAIGN, 1 },
	{ "Original Source Drill-Down 2", SMK_F_CAMPAIGN, 2 },

	/* channel */
	{ "Channel", SMK_F_CHANNEL, 0 },        /* forms */
	{ "Marketing Channel", SMK_F_CHANNEL, 0 }, /* forms */
	{ "utm_medium", SMK_F_CHANNEL, 0 },     /* forms with UTM fields */
	{ "Medium", SMK_F_CHANNEL, 0 },         /* analytics exports */

	/* created_at */
	{ "Create Date", SMK_F_CREATED_AT, 0 }, /* HubSpot "createdate" */
	{ "Created Date", SMK_F_CREATED_AT, 0 },/* Salesforce */
	{ "Created At", SMK_F_CREATED_AT, 0 },  /* Marketo "createdAt", forms */
	{ "Created", SMK_F_CREATED_AT, 0 },     /* forms */
	{ "Created On", SMK_F_CREATED_AT, 0 },  /* forms */
	{ "Created Time", SMK_F_CREATED_AT, 0 },/* Facebook lead ads
	                                        "created_time" */
	{ "Creation Date", SMK_F_CREATED_AT, 0 }, /* forms */
	{ "Date Created", SMK_F_CREATED_AT, 0 },/* forms */
	{ "Date Added", SMK_F_CREATED_AT, 0 },  /* Mautic "date_added" */
	{ "Submitted At", SMK_F_CREATED_AT, 0 },/* forms (Typeform) */
	{ "Submission Date", SMK_F_CREATED_AT, 0 }, /* forms (Jotform) */
	{ "Date Submitted", SMK_F_CREATED_AT, 0 }, /* forms */
	{ "Conversion Date", SMK_F_CREATED_AT, 0 }, /* ad platforms */
	{ "Timestamp", SMK_F_CREATED_AT, 0 },   /* Google Forms */
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

const struct smk_fieldset smk_lead_fields = {
	SMK_F_COUNT, field_names, spellings,
	sizeof(spellings) / sizeof(spellings[0])
};

int
smk_field_lookup_header(const char *header)
{
	return smk_fieldset_lookup(&smk_lead_fields, header);
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
