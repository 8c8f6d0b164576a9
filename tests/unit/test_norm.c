/* test_norm.c — unit tests of normalization: spaces, email, phone, country. */
#include <stdlib.h>
#include <string.h>

#include "smk.h"
#include "unit.h"

static void
space(const char *in, const char *want)
{
	struct smk_buf b = { 0 };

	smk_norm_space(in, &b);
	CHECK_STR(b.s, want, "norm_space");
	smk_buf_free(&b);
}

static void
email_ok(const char *in, const char *want)
{
	struct smk_buf b = { 0 };
	const char *why = NULL;
	int rc = smk_norm_email(in, &b, &why);

	CHECK(rc == 0, "email \"%s\" accepted%s%s", in, why ? ": " : "",
	    why ? why : "");
	CHECK_STR(b.s, want, "email normalized");
	smk_buf_free(&b);
}

static void
email_bad(const char *in, const char *want_why)
{
	struct smk_buf b = { 0 };
	const char *why = NULL;
	int rc = smk_norm_email(in, &b, &why);

	CHECK(rc == -1, "email \"%s\" refused", in);
	CHECK_STR(why, want_why, "email why");
	smk_buf_free(&b);
}

static void
phone(const char *in, const char *want)
{
	struct smk_buf b = { 0 };

	smk_norm_phone(in, &b);
	CHECK_STR(b.s, want, in);
	smk_buf_free(&b);
}

static void
country(const char *in, const char *want)
{
	char desc[160];

	snprintf(desc, sizeof(desc), "country \"%s\" -> %s", in,
	    want ? want : "NULL");
	CHECK_STR(smk_norm_country(in), want, desc);
}

static void
test_space(void)
{
	struct smk_buf b = { 0 };

	space("", "");
	space("   ", "");
	space("abc", "abc");
	space("  a  b\t\tc \r\n", "a b c");
	space("\xC2\xA0" "Acme\xC2\xA0\xC2\xA0" "Inc\xC2\xA0", "Acme Inc");
	space("\xE2\x80\x83x\xE3\x80\x80y\xE2\x80\xAF", "x y");
	space("\xEF\xBB\xBF" "bom", "bom");
	space("caf\xC3\xA9  cr\xC3\xA8me", "caf\xC3\xA9 cr\xC3\xA8me");
	/* Not spaces: a lone 0xC2 lead byte, an en dash. */
	space("a\xE2\x80\x93" "b", "a\xE2\x80\x93" "b");
	/* The buffer is reset, not appended to. */
	smk_norm_space("first", &b);
	smk_norm_space(" second ", &b);
	CHECK_STR(b.s, "second", "norm_space resets out");
	smk_buf_free(&b);
}

static void
test_email(void)
{
	email_ok("jane@example.com", "jane@example.com");
	email_ok("  Jane.Doe@Example.COM \t", "jane.doe@example.com");
	email_ok("\xC2\xA0" "a+tag@mail.example.co.uk\xC2\xA0",
	    "a+tag@mail.example.co.uk");
	email_ok("o'brien@x.ie", "o'brien@x.ie");
	email_ok("J@A.B", "j@a.b");

	email_bad("", "empty address");
	email_bad("   ", "empty address");
	email_bad("jane.example.com", "missing @");
	email_bad("jane@@example.com", "more than one @");
	email_bad("a@b@example.com", "more than one @");
	email_bad("@example.com", "empty local part");
	email_bad("jane@", "no domain");
	email_bad("jane@localhost", "domain has no dot");
	email_bad("jane@example.", "domain has an empty label");
	email_bad("jane@.example.com", "domain has an empty label");
	email_bad("jane@example..com", "domain has an empty label");
	email_bad("jane doe@example.com", "contains a space");
	email_bad("jane@exa mple.com", "contains a space");
	email_bad("jane\xC2\xA0" "doe@example.com", "contains a space");
	email_bad("jane\x01@example.com", "contains a control character");
	email_bad("jane\x7f@example.com", "contains a control character");
}

static void
test_phone(void)
{
	phone("", "");
	phone("+1 (555) 123-4567", "+15551234567");
	phone("555.123.4567", "5551234567");
	phone("+49 30 1234567", "+49301234567");
	phone("0049 (0)30 123", "0049030123");
	phone("+1 555 123 4567 ext. 12", "+15551234567x12");
	phone("+1 555 123 4567 Ext 12", "+15551234567x12");
	phone("555-1234 x12", "5551234x12");
	phone("555-1234x12", "5551234x12");
	phone("555-1234 extension 7", "5551234x7");
	phone("555-1234 #99", "5551234x99");
	phone("555-1234 ext.", "5551234");
	phone("tel: +44 20 7946 0958", "+442079460958");
	phone("+", "");
	phone("n/a", "");
	phone("1+2", "12");
	phone("+1 800 FLOWERS", "+1800");
	phone("555-1234 x12 (office)", "5551234x12");
}

static void
test_country(void)
{
	static const char *const codes[] = {
		"AD", "AE", "AF", "AG", "AI", "AL", "AM", "AO", "AQ", "AR",
		"AS", "AT", "AU", "AW", "AX", "AZ", "BA", "BB", "BD", "BE",
		"BF", "BG", "BH", "BI", "BJ", "BL", "BM", "BN", "BO", "BQ",
		"BR", "BS", "BT", "BV", "BW", "BY", "BZ", "CA", "CC", "CD",
		"CF", "CG", "CH", "CI", "CK", "CL", "CM", "CN", "CO", "CR",
		"CU", "CV", "CW", "CX", "CY", "CZ", "DE", "DJ", "DK", "DM",
		"DO", "DZ", "EC", "EE", "EG", "EH", "ER", "ES", "ET", "FI",
		"FJ", "FK", "FM", "FO", "FR", "GA", "GB", "GD", "GE", "GF",
		"GG", "GH", "GI", "GL", "GM", "GN", "GP", "GQ", "GR", "GS",
		"GT", "GU", "GW", "GY", "HK", "HM", "HN", "HR", "HT", "HU",
		"ID", "IE", "IL", "IM", "IN", "IO", "IQ", "IR", "IS", "IT",
		"JE", "JM", "JO", "JP", "KE", "KG", "KH", "KI", "KM", "KN",
		"KP", "KR", "KW", "KY", "KZ", "LA", "LB", "LC", "LI", "LK",
		"LR", "LS", "LT", "LU", "LV", "LY", "MA", "MC", "MD", "ME",
		"MF", "MG", "MH", "MK", "ML", "MM", "MN", "MO", "MP", "MQ",
		"MR", "MS", "MT", "MU", "MV", "MW", "MX", "MY", "MZ", "NA",
		"NC", "NE", "NF", "NG", "NI", "NL", "NO", "NP", "NR", "NU",
		"NZ", "OM", "PA", "PE", "PF", "PG", "PH", "PK", "PL", "PM",
		"PN", "PR", "PS", "PT", "PW", "PY", "QA", "RE", "RO", "RS",
		"RU", "RW", "SA", "SB", "SC", "SD", "SE", "SG", "SH", "SI",
		"SJ", "SK", "SL", "SM", "SN", "SO", "SR", "SS", "ST", "SV",
		"SX", "SY", "SZ", "TC", "TD", "TF", "TG", "TH", "TJ", "TK",
		"TL", "TM", "TN", "TO", "TR", "TT", "TV", "TW", "TZ", "UA",
		"UG", "UM", "US", "UY", "UZ", "VA", "VC", "VE", "VG", "VI",
		"VN", "VU", "WF", "WS", "YE", "YT", "ZA", "ZM", "ZW", NULL
	};
	/* Every country in the Country column of the X Education export. */
	static const char *const xedu[][2] = {
		{ "India", "IN" }, { "United States", "US" },
		{ "United Arab Emirates", "AE" }, { "Singapore", "SG" },
		{ "Saudi Arabia", "SA" }, { "United Kingdom", "GB" },
		{ "Australia", "AU" }, { "Qatar", "QA" }, { "Bahrain", "BH" },
		{ "Hong Kong", "HK" }, { "Oman", "OM" }, { "France", "FR" },
		{ "Kuwait", "KW" }, { "Canada", "CA" }, { "Nigeria", "NG" },
		{ "Germany", "DE" }, { "South Africa", "ZA" },
		{ "Sweden", "SE" }, { "Ghana", "GH" }, { "Belgium", "BE" },
		{ "China", "CN" }, { "Netherlands", "NL" }, { "Uganda", "UG" },
		{ "Italy", "IT" }, { "Philippines", "PH" },
		{ "Bangladesh", "BD" }, { "Russia", "RU" },
		{ "Sri Lanka", "LK" }, { "Kenya", "KE" }, { "Tanzania", "TZ" },
		{ "Malaysia", "MY" }, { "Liberia", "LR" },
		{ "Switzerland", "CH" }, { "Denmark", "DK" },
		{ "Vietnam", "VN" }, { "Indonesia", "ID" }, { NULL, NULL }
	};
	size_t i;
	int all = 1;
	char lowered[3];

	for (i = 0; codes[i] != NULL; i++) {
		const char *got = smk_norm_country(codes[i]);

		lowered[0] = (char)(codes[i][0] - 'A' + 'a');
		lowered[1] = (char)(codes[i][1] - 'A' + 'a');
		lowered[2] = '\0';
		if (got == NULL || strcmp(got, codes[i]) != 0 ||
		    smk_norm_country(lowered) != got) {
			printf("# code %s -> %s\n", codes[i],
			    got ? got : "NULL");
			all = 0;
		}
	}
	CHECK(all && i == 249, "all 249 alpha-2 codes map to themselves (%zu)",
	    i);
	for (i = 0; xedu[i][0] != NULL; i++)
		country(xedu[i][0], xedu[i][1]);
	country("unknown", NULL);
	country("Asia/Pacific Region", NULL);
	country("", NULL);
	country("   ", NULL);
	country("Narnia", NULL);
	country("XX", NULL);
	country("XYZ", NULL);

	/* Alpha-3. */
	country("DEU", "DE");
	country("usa", "US");
	country("GBR", "GB");
	country("che", "CH");
	country("KOR", "KR");
	country("ARE", "AE");

	/* United States and United Kingdom spellings. */
	country("USA", "US");
	country("U.S.A.", "US");
	country("U.S.", "US");
	country("us", "US");
	country("United States of America", "US");
	country("the United States", "US");
	country("THE UNITED STATES OF AMERICA", "US");
	country("America", "US");
	country("  united   states  ", "US");
	country("\xC2\xA0United States\xC2\xA0", "US");
	country("UK", "GB");
	country("U.K.", "GB");
	country("Great Britain", "GB");
	country("England", "GB");
	country("the United Kingdom", "GB");

	/* Native names and accents, with and without. */
	country("Deutschland", "DE");
	country("DEUTSCHLAND", "DE");
	country("Brasil", "BR");
	country("Espa\xC3\xB1" "a", "ES");
	country("ESPA\xC3\x91" "A", "ES");
	country("Espana", "ES");
	country("\xC3\x96sterreich", "AT");
	country("Osterreich", "AT");
	country("Schweiz", "CH");
	country("Suisse", "CH");
	country("Holland", "NL");
	country("The Netherlands", "NL");
	country("Nederland", "NL");
	country("Russia", "RU");
	country("Russian Federation", "RU");
	country("South Korea", "KR");
	country("Korea, Republic of", "KR");
	country("Korea (Republic of)", "KR");
	country("Republic of Korea", "KR");
	country("North Korea", "KP");
	country("Czechia", "CZ");
	country("Czech Republic", "CZ");
	country("T\xC3\xBCrkiye", "TR");
	country("Turkey", "TR");
	country("UAE", "AE");
	country("U.A.E.", "AE");
	country("Viet Nam", "VN");
	country("C\xC3\xB4te d'Ivoire", "CI");
	country("C\xC3\xB4te d\xE2\x80\x99Ivoire", "CI");
	country("Cote d'Ivoire", "CI");
	country("Ivory Coast", "CI");
	country("\xC3\x85land Islands", "AX");
	country("Cura\xC3\xA7" "ao", "CW");
	country("R\xC3\xA9union", "RE");
	country("Bosnia & Herzegovina", "BA");
	country("Bosnia and Herzegovina", "BA");
	country("Trinidad & Tobago", "TT");
	country("Guinea Bissau", "GW");
	country("St. Lucia", "LC");
	country("St Vincent and the Grenadines", "VC");
	country("Saint Kitts & Nevis", "KN");
	country("The Gambia", "GM");
	country("Gambia", "GM");
	country("Bahamas", "BS");
	country("The Bahamas", "BS");
	country("DR Congo", "CD");
	country("Democratic Republic of the Congo", "CD");
	country("Congo", "CG");
	country("Tanzania, United Republic of", "TZ");
	country("Iran", "IR");
	country("Laos", "LA");
	country("Burma", "MM");
	country("Macedonia", "MK");
	country("Swaziland", "SZ");
	country("Cape Verde", "CV");
	country("Hong Kong SAR", "HK");
	country("Macau", "MO");
	country("Taiwan", "TW");
	country("Palestine", "PS");
	country("Vatican City", "VA");
	country("Micronesia", "FM");
	country("Falkland Islands", "FK");
	country("British Virgin Islands", "VG");
	country("Virgin Islands, U.S.", "VI");
	/* A leading "the" only: not a "the" inside a word. */
	country("Thailand", "TH");
	country("the", NULL);
}

static void
test_null(void)
{
	static const char *const extra[] = { "unknown", " TBD ", NULL };

	CHECK(smk_norm_is_null("", NULL), "is_null empty");
	CHECK(smk_norm_is_null("   ", NULL), "is_null blank");
	CHECK(smk_norm_is_null("\xC2\xA0", NULL), "is_null no-break space");
	CHECK(smk_norm_is_null("Select", NULL), "is_null Select");
	CHECK(smk_norm_is_null(" select ", NULL), "is_null select trimmed");
	CHECK(smk_norm_is_null("NA", NULL), "is_null NA");
	CHECK(smk_norm_is_null("n/a", NULL), "is_null n/a");
	CHECK(smk_norm_is_null("N/A", NULL), "is_null N/A");
	CHECK(smk_norm_is_null("NULL", NULL), "is_null NULL");
	CHECK(smk_norm_is_null("null", NULL), "is_null null");
	CHECK(smk_norm_is_null("-", NULL), "is_null -");
	CHECK(smk_norm_is_null("None", NULL), "is_null None");
	CHECK(smk_norm_is_null(".", NULL), "is_null .");
	CHECK(smk_norm_is_null(NULL, NULL), "is_null NULL pointer");
	CHECK(!smk_norm_is_null("0", NULL), "0 is a value");
	CHECK(!smk_norm_is_null("--", NULL), "-- is a value");
	CHECK(!smk_norm_is_null("Nancy", NULL), "Nancy is a value");
	CHECK(!smk_norm_is_null("nan", NULL), "nan is a value");
	CHECK(!smk_norm_is_null("unknown", NULL), "unknown without extras");
	CHECK(smk_norm_is_null("Unknown", extra), "unknown with extras");
	CHECK(smk_norm_is_null(" tbd", extra), "tbd with trimmed extra");
	CHECK(smk_norm_is_null("NA", extra), "built-ins stay with extras");
	CHECK(!smk_norm_is_null("unknowns", extra), "no prefix match");
	CHECK(!smk_norm_is_null("unknow", extra), "no partial match");
}

static void
test_strcaseeq(void)
{
	CHECK(smk_strcaseeq("Email", "EMAIL"), "strcaseeq equal");
	CHECK(smk_strcaseeq("", ""), "strcaseeq empty");
	CHECK(!smk_strcaseeq("Email", "Emails"), "strcaseeq prefix");
	CHECK(!smk_strcaseeq("Emails", "Email"), "strcaseeq longer");
	CHECK(!smk_strcaseeq("a", "b"), "strcaseeq differ");
	CHECK(!smk_strcaseeq("@", "`"), "strcaseeq only letters fold");
	CHECK(!smk_strcaseeq("\xC3\xA9", "\xC3\x89"), "strcaseeq ASCII only");
	CHECK(smk_strcaseeq(NULL, NULL), "strcaseeq NULL NULL");
	CHECK(!smk_strcaseeq("a", NULL), "strcaseeq a NULL");
}

int
main(void)
{
	test_space();
	test_email();
	test_phone();
	test_country();
	test_null();
	test_strcaseeq();
	printf("1..%d\n", unit_n);
	return unit_done();
}
