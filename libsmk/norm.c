/* norm.c — pure cleanup of CRM export fields: spaces, email, phone, country. */
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "smk.h"

/* ------------------------------------------------------------ white space */

/*
 * Length of the white-space character at p, or 0.  Beyond ASCII this knows
 * the UTF-8 spaces that spreadsheets and web forms leave behind (no-break
 * space above all), and the zero-width space and stray byte-order mark,
 * which are not white space to Unicode but are invisible padding in a cell.
 */
static size_t
space_len(const unsigned char *p)
{
	switch (p[0]) {
	case ' ': case '\t': case '\n': case '\v': case '\f': case '\r':
		return 1;
	case 0xC2:  /* U+0085 NEL, U+00A0 NO-BREAK SPACE */
		return (p[1] == 0x85 || p[1] == 0xA0) ? 2 : 0;
	case 0xE1:  /* U+1680 OGHAM SPACE MARK */
		return (p[1] == 0x9A && p[2] == 0x80) ? 3 : 0;
	case 0xE2:
		if (p[1] == 0x80 && ((p[2] >= 0x80 && p[2] <= 0x8B) ||
		    p[2] == 0xA8 || p[2] == 0xA9 || p[2] == 0xAF))
			return 3;  /* U+2000..U+200B, U+2028/9, U+202F */
		if (p[1] == 0x81 && p[2] == 0x9F)
			return 3;  /* U+205F */
		return 0;
	case 0xE3:  /* U+3000 IDEOGRAPHIC SPACE */
		return (p[1] == 0x80 && p[2] == 0x80) ? 3 : 0;
	case 0xEF:  /* U+FEFF */
		return (p[1] == 0xBB && p[2] == 0xBF) ? 3 : 0;
	default:
		return 0;
	}
}

/* The bounds [*b, *e) of s without white space at either end. */
static void
trim_bounds(const char *s, const char **b, const char **e)
{
	const unsigned char *p = (const unsigned char *)s;
	const unsigned char *end, *last;
	size_t n;

	while ((n = space_len(p)) > 0)
		p += n;
	/* Scan forward: a UTF-8 space cannot be recognized backwards safely. */
	end = p;
	last = p;
	while (*last != '\0') {
		if ((n = space_len(last)) > 0) {
			last += n;
		} else {
			last++;
			end = last;
		}
	}
	*b = (const char *)p;
	*e = (const char *)end;
}

void
smk_norm_space(const char *in, struct smk_buf *out)
{
	const unsigned char *p, *q;
	int pending = 0;
	size_t n;

	smk_buf_reset(out);
	smk_buf_add(out, "", 0);  /* a blank input still gives a string */
	for (p = (const unsigned char *)in; *p != '\0'; ) {
		if ((n = space_len(p)) > 0) {
			pending = out->len > 0;
			p += n;
			continue;
		}
		if (pending)
			smk_buf_addc(out, ' ');
		pending = 0;
		/* the run of bytes up to the next space, at once */
		for (q = p + 1; *q != '\0' && space_len(q) == 0; q++)
			;
		smk_buf_add(out, (const char *)p, (size_t)(q - p));
		p = q;
	}
}

/* ---------------------------------------------------------------- helpers */

static int
lower(int c)
{
	return (c >= 'A' && c <= 'Z') ? c - 'A' + 'a' : c;
}

static int
is_alpha(int c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

static int
is_digit(int c)
{
	return c >= '0' && c <= '9';
}

int
smk_strcaseeq(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	for (; *a != '\0' && lower((unsigned char)*a) ==
	    lower((unsigned char)*b); a++, b++)
		;
	return *a == '\0' && *b == '\0';
}

/* Case-insensitive equality of n bytes. */
static int
bytes_caseeq(const char *a, const char *b, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (lower((unsigned char)a[i]) != lower((unsigned char)b[i]))
			return 0;
	return 1;
}

/* Case-insensitive equality of the n bytes at a with the string b. */
static int
range_caseeq(const char *a, size_t n, const char *b)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (b[i] == '\0' ||
		    lower((unsigned char)a[i]) != lower((unsigned char)b[i]))
			return 0;
	return b[n] == '\0';
}

/* ------------------------------------------------------------------- null */

int
smk_norm_is_null(const char *s, const char *const *extra)
{
	static const char *const blanks[] = {
		"", "select", "na", "n/a", "null", "-", "none", ".", NULL
	};
	const char *b, *e, *xb, *xe;
	size_t i;

	if (s == NULL)
		return 1;
	trim_bounds(s, &b, &e);
	/* none of the blanks is longer than six bytes */
	for (i = 0; e - b <= 6 && blanks[i] != NULL; i++)
		if (range_caseeq(b, (size_t)(e - b), blanks[i]))
			return 1;
	for (i = 0; extra != NULL && extra[i] != NULL; i++) {
		/* Trimmed too: "--null ' unknown'" still works. */
		trim_bounds(extra[i], &xb, &xe);
		if (e - b == xe - xb && bytes_caseeq(b, xb, (size_t)(e - b)))
			return 1;
	}
	return 0;
}

/* ------------------------------------------------------------------ email */

int
smk_norm_email(const char *in, struct smk_buf *out, const char **why)
{
	const char *b, *e, *p, *at = NULL, *dom;
	const char *label;
	int ats = 0, dots = 0;

	trim_bounds(in, &b, &e);
	smk_buf_reset(out);
	smk_buf_add(out, "", 0);
	/* The whole address is lower-cased: a CRM treats local parts as
	 * case-insensitive too, and the key must not split one person. */
	for (p = b; p < e; p++)
		smk_buf_addc(out, lower((unsigned char)*p));
	if (b == e) {
		*why = "empty address";
		return -1;
	}
	for (p = b; p < e; p++) {
		unsigned char c = (unsigned char)*p;

		if (space_len((const unsigned char *)p) > 0) {
			*why = "contains a space";
			return -1;
		}
		if (c < 0x20 || c == 0x7F) {
			*why = "contains a control character";
			return -1;
		}
		if (c == '@') {
			ats++;
			at = p;
		}
	}
	if (ats == 0) {
		*why = "missing @";
		return -1;
	}
	if (ats > 1) {
		*why = "more than one @";
		return -1;
	}
	if (at == b) {
		*why = "empty local part";
		return -1;
	}
	dom = at + 1;
	if (dom == e) {
		*why = "no domain";
		return -1;
	}
	label = dom;
	for (p = dom; p <= e; p++) {
		if (p == e || *p == '.') {
			if (p == label) {
				*why = dots == 0 && p == e ?
				    "domain has no dot" :
				    "domain has an empty label";
				return -1;
			}
			if (p < e)
				dots++;
			label = p + 1;
		}
	}
	if (dots == 0) {
		*why = "domain has no dot";
		return -1;
	}
	return 0;
}

/* ------------------------------------------------------------------ phone */

/*
 * Length of an extension marker at p ("ext", "extension", "x", "#"), or 0.
 * Only as a word of its own, so the letters of a vanity number or a note
 * like "fax" are not read as one.
 */
static size_t
ext_marker(const char *start, const char *p)
{
	static const char *const words[] = { "extension", "ext", "x", NULL };
	size_t i, n;

	if (*p == '#')
		return 1;
	if (p > start && is_alpha((unsigned char)p[-1]))
		return 0;
	for (i = 0; words[i] != NULL; i++) {
		n = strlen(words[i]);
		if (strlen(p) >= n && range_caseeq(p, n, words[i]) &&
		    !is_alpha((unsigned char)p[n]))
			return n;
	}
	return 0;
}

void
smk_norm_phone(const char *in, struct smk_buf *out)
{
	const char *p;
	size_t n;
	int plus = 0, digits = 0;
	int ext = 0;  /* 0: main number, 1: marker seen, 2: extension digits */

	smk_buf_reset(out);
	smk_buf_add(out, "", 0);
	for (p = in; *p != '\0'; p++) {
		if (is_digit((unsigned char)*p)) {
			if (ext == 1) {
				smk_buf_addc(out, 'x');
				ext = 2;
			}
			smk_buf_addc(out, *p);
			digits++;
		} else if (*p == '+' && digits == 0 && !plus) {
			smk_buf_addc(out, '+');
			plus = 1;
		} else if (digits > 0 && ext == 0 &&
		    (n = ext_marker(in, p)) > 0) {
			ext = 1;
			p += n - 1;
		} else if (ext == 2 && !is_digit((unsigned char)*p) &&
		    *p != ' ' && *p != '-' && *p != '.') {
			break;  /* trailing notes after the extension */
		}
	}
	/* A lone "+" is no number. */
	if (digits == 0)
		smk_buf_reset(out);
}

/* ---------------------------------------------------------------- country */

struct country {
	const char *a2;
	const char *a3;
	const char *name;
};

/* ISO 3166-1: alpha-2, alpha-3 and the English short name. */
static const struct country countries[] = {
	{ "AD", "AND", "Andorra" },
	{ "AE", "ARE", "United Arab Emirates" },
	{ "AF", "AFG", "Afghanistan" },
	{ "AG", "ATG", "Antigua and Barbuda" },
	{ "AI", "AIA", "Anguilla" },
	{ "AL", "ALB", "Albania" },
	{ "AM", "ARM", "Armenia" },
	{ "AO", "AGO", "Angola" },
	{ "AQ", "ATA", "Antarctica" },
	{ "AR", "ARG", "Argentina" },
	{ "AS", "ASM", "American Samoa" },
	{ "AT", "AUT", "Austria" },
	{ "AU", "AUS", "Australia" },
	{ "AW", "ABW", "Aruba" },
	{ "AX", "ALA", "\xC3\x85land Islands" },
	{ "AZ", "AZE", "Azerbaijan" },
	{ "BA", "BIH", "Bosnia and Herzegovina" },
	{ "BB", "BRB", "Barbados" },
	{ "BD", "BGD", "Bangladesh" },
	{ "BE", "BEL", "Belgium" },
	{ "BF", "BFA", "Burkina Faso" },
	{ "BG", "BGR", "Bulgaria" },
	{ "BH", "BHR", "Bahrain" },
	{ "BI", "BDI", "Burundi" },
	{ "BJ", "BEN", "Benin" },
	{ "BL", "BLM", "Saint Barth\xC3\xA9lemy" },
	{ "BM", "BMU", "Bermuda" },
	{ "BN", "BRN", "Brunei Darussalam" },
	{ "BO", "BOL", "Bolivia" },
	{ "BQ", "BES", "Bonaire, Sint Eustatius and Saba" },
	{ "BR", "BRA", "Brazil" },
	{ "BS", "BHS", "Bahamas" },
	{ "BT", "BTN", "Bhutan" },
	{ "BV", "BVT", "Bouvet Island" },
	{ "BW", "BWA", "Botswana" },
	{ "BY", "BLR", "Belarus" },
	{ "BZ", "BLZ", "Belize" },
	{ "CA", "CAN", "Canada" },
	{ "CC", "CCK", "Cocos (Keeling) Islands" },
	{ "CD", "COD", "Congo, Democratic Republic of the" },
	{ "CF", "CAF", "Central African Republic" },
	{ "CG", "COG", "Congo" },
	{ "CH", "CHE", "Switzerland" },
	{ "CI", "CIV", "C\xC3\xB4te d'Ivoire" },
	{ "CK", "COK", "Cook Islands" },
	{ "CL", "CHL", "Chile" },
	{ "CM", "CMR", "Cameroon" },
	{ "CN", "CHN", "China" },
	{ "CO", "COL", "Colombia" },
	{ "CR", "CRI", "Costa Rica" },
	{ "CU", "CUB", "Cuba" },
	{ "CV", "CPV", "Cabo Verde" },
	{ "CW", "CUW", "Cura\xC3\xA7" "ao" },
	{ "CX", "CXR", "Christmas Island" },
	{ "CY", "CYP", "Cyprus" },
	{ "CZ", "CZE", "Czechia" },
	{ "DE", "DEU", "Germany" },
	{ "DJ", "DJI", "Djibouti" },
	{ "DK", "DNK", "Denmark" },
	{ "DM", "DMA", "Dominica" },
	{ "DO", "DOM", "Dominican Republic" },
	{ "DZ", "DZA", "Algeria" },
	{ "EC", "ECU", "Ecuador" },
	{ "EE", "EST", "Estonia" },
	{ "EG", "EGY", "Egypt" },
	{ "EH", "ESH", "Western Sahara" },
	{ "ER", "ERI", "Eritrea" },
	{ "ES", "ESP", "Spain" },
	{ "ET", "ETH", "Ethiopia" },
	{ "FI", "FIN", "Finland" },
	{ "FJ", "FJI", "Fiji" },
	{ "FK", "FLK", "Falkland Islands (Malvinas)" },
	{ "FM", "FSM", "Micronesia (Federated States of)" },
	{ "FO", "FRO", "Faroe Islands" },
	{ "FR", "FRA", "France" },
	{ "GA", "GAB", "Gabon" },
	{ "GB", "GBR", "United Kingdom" },
	{ "GD", "GRD", "Grenada" },
	{ "GE", "GEO", "Georgia" },
	{ "GF", "GUF", "French Guiana" },
	{ "GG", "GGY", "Guernsey" },
	{ "GH", "GHA", "Ghana" },
	{ "GI", "GIB", "Gibraltar" },
	{ "GL", "GRL", "Greenland" },
	{ "GM", "GMB", "Gambia" },
	{ "GN", "GIN", "Guinea" },
	{ "GP", "GLP", "Guadeloupe" },
	{ "GQ", "GNQ", "Equatorial Guinea" },
	{ "GR", "GRC", "Greece" },
	{ "GS", "SGS", "South Georgia and the South Sandwich Islands" },
	{ "GT", "GTM", "Guatemala" },
	{ "GU", "GUM", "Guam" },
	{ "GW", "GNB", "Guinea-Bissau" },
	{ "GY", "GUY", "Guyana" },
	{ "HK", "HKG", "Hong Kong" },
	{ "HM", "HMD", "Heard Island and McDonald Islands" },
	{ "HN", "HND", "Honduras" },
	{ "HR", "HRV", "Croatia" },
	{ "HT", "HTI", "Haiti" },
	{ "HU", "HUN", "Hungary" },
	{ "ID", "IDN", "Indonesia" },
	{ "IE", "IRL", "Ireland" },
	{ "IL", "ISR", "Israel" },
	{ "IM", "IMN", "Isle of Man" },
	{ "IN", "IND", "India" },
	{ "IO", "IOT", "British Indian Ocean Territory" },
	{ "IQ", "IRQ", "Iraq" },
	{ "IR", "IRN", "Iran" },
	{ "IS", "ISL", "Iceland" },
	{ "IT", "ITA", "Italy" },
	{ "JE", "JEY", "Jersey" },
	{ "JM", "JAM", "Jamaica" },
	{ "JO", "JOR", "Jordan" },
	{ "JP", "JPN", "Japan" },
	{ "KE", "KEN", "Kenya" },
	{ "KG", "KGZ", "Kyrgyzstan" },
	{ "KH", "KHM", "Cambodia" },
	{ "KI", "KIR", "Kiribati" },
	{ "KM", "COM", "Comoros" },
	{ "KN", "KNA", "Saint Kitts and Nevis" },
	{ "KP", "PRK", "Korea, Democratic People's Republic of" },
	{ "KR", "KOR", "Korea, Republic of" },
	{ "KW", "KWT", "Kuwait" },
	{ "KY", "CYM", "Cayman Islands" },
	{ "KZ", "KAZ", "Kazakhstan" },
	{ "LA", "LAO", "Lao People's Democratic Republic" },
	{ "LB", "LBN", "Lebanon" },
	{ "LC", "LCA", "Saint Lucia" },
	{ "LI", "LIE", "Liechtenstein" },
	{ "LK", "LKA", "Sri Lanka" },
	{ "LR", "LBR", "Liberia" },
	{ "LS", "LSO", "Lesotho" },
	{ "LT", "LTU", "Lithuania" },
	{ "LU", "LUX", "Luxembourg" },
	{ "LV", "LVA", "Latvia" },
	{ "LY", "LBY", "Libya" },
	{ "MA", "MAR", "Morocco" },
	{ "MC", "MCO", "Monaco" },
	{ "MD", "MDA", "Moldova" },
	{ "ME", "MNE", "Montenegro" },
	{ "MF", "MAF", "Saint Martin (French part)" },
	{ "MG", "MDG", "Madagascar" },
	{ "MH", "MHL", "Marshall Islands" },
	{ "MK", "MKD", "North Macedonia" },
	{ "ML", "MLI", "Mali" },
	{ "MM", "MMR", "Myanmar" },
	{ "MN", "MNG", "Mongolia" },
	{ "MO", "MAC", "Macao" },
	{ "MP", "MNP", "Northern Mariana Islands" },
	{ "MQ", "MTQ", "Martinique" },
	{ "MR", "MRT", "Mauritania" },
	{ "MS", "MSR", "Montserrat" },
	{ "MT", "MLT", "Malta" },
	{ "MU", "MUS", "Mauritius" },
	{ "MV", "MDV", "Maldives" },
	{ "MW", "MWI", "Malawi" },
	{ "MX", "MEX", "Mexico" },
	{ "MY", "MYS", "Malaysia" },
	{ "MZ", "MOZ", "Mozambique" },
	{ "NA", "NAM", "Namibia" },
	{ "NC", "NCL", "New Caledonia" },
	{ "NE", "NER", "Niger" },
	{ "NF", "NFK", "Norfolk Island" },
	{ "NG", "NGA", "Nigeria" },
	{ "NI", "NIC", "Nicaragua" },
	{ "NL", "NLD", "Netherlands" },
	{ "NO", "NOR", "Norway" },
	{ "NP", "NPL", "Nepal" },
	{ "NR", "NRU", "Nauru" },
	{ "NU", "NIU", "Niue" },
	{ "NZ", "NZL", "New Zealand" },
	{ "OM", "OMN", "Oman" },
	{ "PA", "PAN", "Panama" },
	{ "PE", "PER", "Peru" },
	{ "PF", "PYF", "French Polynesia" },
	{ "PG", "PNG", "Papua New Guinea" },
	{ "PH", "PHL", "Philippines" },
	{ "PK", "PAK", "Pakistan" },
	{ "PL", "POL", "Poland" },
	{ "PM", "SPM", "Saint Pierre and Miquelon" },
	{ "PN", "PCN", "Pitcairn" },
	{ "PR", "PRI", "Puerto Rico" },
	{ "PS", "PSE", "Palestine, State of" },
	{ "PT", "PRT", "Portugal" },
	{ "PW", "PLW", "Palau" },
	{ "PY", "PRY", "Paraguay" },
	{ "QA", "QAT", "Qatar" },
	{ "RE", "REU", "R\xC3\xA9union" },
	{ "RO", "ROU", "Romania" },
	{ "RS", "SRB", "Serbia" },
	{ "RU", "RUS", "Russian Federation" },
	{ "RW", "RWA", "Rwanda" },
	{ "SA", "SAU", "Saudi Arabia" },
	{ "SB", "SLB", "Solomon Islands" },
	{ "SC", "SYC", "Seychelles" },
	{ "SD", "SDN", "Sudan" },
	{ "SE", "SWE", "Sweden" },
	{ "SG", "SGP", "Singapore" },
	{ "SH", "SHN", "Saint Helena, Ascension and Tristan da Cunha" },
	{ "SI", "SVN", "Slovenia" },
	{ "SJ", "SJM", "Svalbard and Jan Mayen" },
	{ "SK", "SVK", "Slovakia" },
	{ "SL", "SLE", "Sierra Leone" },
	{ "SM", "SMR", "San Marino" },
	{ "SN", "SEN", "Senegal" },
	{ "SO", "SOM", "Somalia" },
	{ "SR", "SUR", "Suriname" },
	{ "SS", "SSD", "South Sudan" },
	{ "ST", "STP", "Sao Tome and Principe" },
	{ "SV", "SLV", "El Salvador" },
	{ "SX", "SXM", "Sint Maarten (Dutch part)" },
	{ "SY", "SYR", "Syrian Arab Republic" },
	{ "SZ", "SWZ", "Eswatini" },
	{ "TC", "TCA", "Turks and Caicos Islands" },
	{ "TD", "TCD", "Chad" },
	{ "TF", "ATF", "French Southern Territories" },
	{ "TG", "TGO", "Togo" },
	{ "TH", "THA", "Thailand" },
	{ "TJ", "TJK", "Tajikistan" },
	{ "TK", "TKL", "Tokelau" },
	{ "TL", "TLS", "Timor-Leste" },
	{ "TM", "TKM", "Turkmenistan" },
	{ "TN", "TUN", "Tunisia" },
	{ "TO", "TON", "Tonga" },
	{ "TR", "TUR", "T\xC3\xBCrkiye" },
	{ "TT", "TTO", "Trinidad and Tobago" },
	{ "TV", "TUV", "Tuvalu" },
	{ "TW", "TWN", "Taiwan" },
	{ "TZ", "TZA", "Tanzania, United Republic of" },
	{ "UA", "UKR", "Ukraine" },
	{ "UG", "UGA", "Uganda" },
	{ "UM", "UMI", "United States Minor Outlying Islands" },
	{ "US", "USA", "United States" },
	{ "UY", "URY", "Uruguay" },
	{ "UZ", "UZB", "Uzbekistan" },
	{ "VA", "VAT", "Holy See" },
	{ "VC", "VCT", "Saint Vincent and the Grenadines" },
	{ "VE", "VEN", "Venezuela" },
	{ "VG", "VGB", "Virgin Islands (British)" },
	{ "VI", "VIR", "Virgin Islands (U.S.)" },
	{ "VN", "VNM", "Viet Nam" },
	{ "VU", "VUT", "Vanuatu" },
	{ "WF", "WLF", "Wallis and Futuna" },
	{ "WS", "WSM", "Samoa" },
	{ "YE", "YEM", "Yemen" },
	{ "YT", "MYT", "Mayotte" },
	{ "ZA", "ZAF", "South Africa" },
	{ "ZM", "ZMB", "Zambia" },
	{ "ZW", "ZWE", "Zimbabwe" },
};

struct alias {
	const char *name;
	const char *a2;
};

/*
 * Other spellings met in CRM exports: older or longer official names,
 * native names, abbreviations.  Matching ignores case, accents, dots,
 * punctuation and a leading "the", so one entry covers "U.S.A." and "usa",
 * "Österreich" and "Osterreich", "St. Lucia" and "Saint Lucia".
 */
static const struct alias aliases[] = {
	/* United States */
	{ "USA", "US" }, { "US", "US" }, { "United States of America", "US" },
	{ "America", "US" }, { "Estados Unidos", "US" },
	{ "Vereinigte Staaten", "US" }, { "Etats-Unis", "US" },
	/* United Kingdom */
	{ "UK", "GB" }, { "Great Britain", "GB" }, { "Britain", "GB" },
	{ "England", "GB" }, { "Scotland", "GB" }, { "Wales", "GB" },
	{ "Northern Ireland", "GB" },
	{ "United Kingdom of Great Britain and Northern Ireland", "GB" },
	{ "Vereinigtes Konigreich", "GB" },
	/* Europe */
	{ "Deutschland", "DE" }, { "Federal Republic of Germany", "DE" },
	{ "Allemagne", "DE" },
	{ "Osterreich", "AT" }, { "Oesterreich", "AT" },
	{ "Schweiz", "CH" }, { "Suisse", "CH" }, { "Svizzera", "CH" },
	{ "Swiss Confederation", "CH" },
	{ "Holland", "NL" }, { "Nederland", "NL" },
	{ "Kingdom of the Netherlands", "NL" },
	{ "Belgique", "BE" }, { "Belgie", "BE" }, { "Belgien", "BE" },
	{ "Espana", "ES" }, { "Kingdom of Spain", "ES" },
	{ "Italia", "IT" }, { "Frankreich", "FR" },
	{ "Republique francaise", "FR" },
	{ "Sverige", "SE" }, { "Norge", "NO" }, { "Danmark", "DK" },
	{ "Suomi", "FI" },
	{ "Polska", "PL" }, { "Magyarorszag", "HU" },
	{ "Czech Republic", "CZ" }, { "Cesko", "CZ" },
	{ "Ceska republika", "CZ" },
	{ "Slovak Republic", "SK" }, { "Slovensko", "SK" },
	{ "Hrvatska", "HR" }, { "Slovenija", "SI" },
	{ "Eire", "IE" }, { "Republic of Ireland", "IE" },
	{ "Ellada", "GR" }, { "Hellas", "GR" },
	{ "Luxemburg", "LU" },
	{ "Russia", "RU" }, { "Rossiya", "RU" },
	{ "Moldova, Republic of", "MD" }, { "Republic of Moldova", "MD" },
	{ "Macedonia", "MK" }, { "Republic of North Macedonia", "MK" },
	{ "Macedonia, the former Yugoslav Republic of", "MK" },
	{ "Vatican", "VA" }, { "Vatican City", "VA" },
	{ "Vatican City State", "VA" },
	{ "Turkey", "TR" }, { "Turkiye", "TR" }, { "Republic of Turkey", "TR" },
	{ "Kosovo", "XK" },
	/* Americas */
	{ "Brasil", "BR" }, { "Mejico", "MX" },
	{ "Bolivia, Plurinational State of", "BO" },
	{ "Venezuela, Bolivarian Republic of", "VE" },
	{ "Trinidad", "TT" },
	{ "Falkland Islands", "FK" }, { "Malvinas", "FK" },
	{ "British Virgin Islands", "VG" }, { "US Virgin Islands", "VI" },
	{ "Virgin Islands, British", "VG" }, { "Virgin Islands, U.S.", "VI" },
	{ "St Kitts and Nevis", "KN" }, { "St Kitts", "KN" },
	{ "Saint Martin", "MF" }, { "Sint Maarten", "SX" },
	{ "Curacao", "CW" }, { "Cape Verde", "CV" },
	/* Asia, Middle East */
	{ "UAE", "AE" }, { "U.A.E", "AE" }, { "Emirates", "AE" },
	{ "South Korea", "KR" }, { "Korea", "KR" },
	{ "Republic of Korea", "KR" }, { "Korea Republic", "KR" },
	{ "Korea, South", "KR" },
	{ "North Korea", "KP" }, { "Korea, North", "KP" },
	{ "DPRK", "KP" }, { "Democratic People's Republic of Korea", "KP" },
	{ "Vietnam", "VN" }, { "Laos", "LA" }, { "Lao PDR", "LA" },
	{ "Burma", "MM" }, { "Brunei", "BN" },
	{ "Iran, Islamic Republic of", "IR" },
	{ "Islamic Republic of Iran", "IR" },
	{ "Persia", "IR" }, { "Syria", "SY" },
	{ "Palestine", "PS" }, { "State of Palestine", "PS" },
	{ "Palestinian Territories", "PS" },
	{ "Palestinian Territory, Occupied", "PS" },
	{ "Hong Kong SAR", "HK" }, { "Hong Kong SAR China", "HK" },
	{ "Hongkong", "HK" },
	{ "Macau", "MO" }, { "Macao SAR", "MO" }, { "Macau SAR China", "MO" },
	{ "Taiwan, Province of China", "TW" }, { "Republic of China", "TW" },
	{ "Chinese Taipei", "TW" },
	{ "People's Republic of China", "CN" }, { "PRC", "CN" },
	{ "Mainland China", "CN" },
	{ "Bharat", "IN" }, { "Nippon", "JP" }, { "Nihon", "JP" },
	{ "Timor Leste", "TL" }, { "East Timor", "TL" },
	{ "Kyrgyz Republic", "KG" }, { "Kirghizia", "KG" },
	{ "KSA", "SA" }, { "Kingdom of Saudi Arabia", "SA" },
	{ "Ceylon", "LK" },
	/* Africa */
	{ "Ivory Coast", "CI" }, { "Cote d Ivoire", "CI" },
	{ "Democratic Republic of the Congo", "CD" },
	{ "Democratic Republic of Congo", "CD" },
	{ "DR Congo", "CD" }, { "DRC", "CD" }, { "Congo-Kinshasa", "CD" },
	{ "Congo (Kinshasa)", "CD" }, { "Zaire", "CD" },
	{ "Republic of the Congo", "CG" }, { "Republic of Congo", "CG" },
	{ "Congo-Brazzaville", "CG" }, { "Congo (Brazzaville)", "CG" },
	{ "Tanzania", "TZ" }, { "United Republic of Tanzania", "TZ" },
	{ "Swaziland", "SZ" }, { "Libyan Arab Jamahiriya", "LY" },
	{ "Sao Tome", "ST" }, { "RSA", "ZA" }, { "Suid-Afrika", "ZA" },
	{ "Gambia, The", "GM" },
	/* Oceania, elsewhere */
	{ "Micronesia", "FM" }, { "Federated States of Micronesia", "FM" },
	{ "Pitcairn Islands", "PN" }, { "Aland", "AX" },
	{ "Heard and McDonald Islands", "HM" },
	{ "Cocos Islands", "CC" }, { "Keeling Islands", "CC" },
	{ "South Georgia", "GS" }, { "Svalbard", "SJ" },
	{ "St Helena", "SH" }, { "Saint Helena", "SH" },
	{ "St Barts", "BL" }, { "St Barths", "BL" },
	{ "Saint Barthelemy", "BL" },
	{ "Bonaire", "BQ" }, { "Caribbean Netherlands", "BQ" },
	{ "Wallis and Futuna Islands", "WF" },
	{ "Aotearoa", "NZ" }, { "Holy See (Vatican City State)", "VA" },
};

/*
 * Appends the ASCII folding of the UTF-8 letter at p (a Latin-1 letter
 * with an accent) to key and returns its length, or returns 0.  Lower
 * case, so "Ö" and "ö" both become "o".
 */
static size_t
fold_latin1(const unsigned char *p, char *key, size_t *n, size_t cap)
{
	/* U+00C0..U+00FF, upper and lower case alike; '?' for the signs. */
	static const char fold[] =
	    "aaaaaaaceeeeiiiidnooooo?ouuuuyts"
	    "aaaaaaaceeeeiiiidnooooo?ouuuuyty";
	char c;
	unsigned cp;

	if (p[0] != 0xC3 || p[1] < 0x80 || p[1] > 0xBF)
		return 0;
	cp = 0xC0 + (p[1] - 0x80);
	c = fold[cp - 0xC0];
	if (c == '?')
		return 0;
	if (*n + 2 >= cap)
		return 2;  /* too long: the caller sees the overflow */
	key[(*n)++] = c;
	if (cp == 0xC6 || cp == 0xE6)       /* Æ æ */
		key[(*n)++] = 'e';
	else if (cp == 0xDF)                /* ß */
		key[(*n)++] = 's';
	else if (cp == 0xDE || cp == 0xFE)  /* Þ þ */
		key[(*n)++] = 'h';
	return 2;
}

/*
 * The comparison key of a country spelling: lower-case ASCII, accents
 * folded, dots dropped, other punctuation and white space collapsed into
 * single spaces, "&" read as "and", a leading "the" dropped and "st"
 * read as "saint".  Returns -1 when it does not fit in cap (no country
 * name is that long).
 */
static int
country_key(const char *in, char *key, size_t cap)
{
	const unsigned char *p = (const unsigned char *)in;
	size_t n = 0, len;
	int sep = 0;

	while (*p != '\0') {
		if ((len = space_len(p)) > 0 || strchr(",-()'/_", *p) != NULL ||
		    (p[0] == 0xE2 && p[1] == 0x80 && p[2] == 0x99)) {
			/* U+2019, the typographic apostrophe */
			p += len > 0 ? len : (*p == 0xE2 ? 3 : 1);
			sep = 1;
			continue;
		}
		if (*p == '.') {
			p++;
			continue;
		}
		if (n + 8 >= cap)
			return -1;
		if (sep && n > 0)
			key[n++] = ' ';
		sep = 0;
		if (*p == '&') {
			if (n > 0 && key[n - 1] != ' ')
				key[n++] = ' ';
			memcpy(key + n, "and", 3);
			n += 3;
			sep = 1;
			p++;
		} else if ((len = fold_latin1(p, key, &n, cap)) > 0) {
			p += len;
		} else {
			key[n++] = (char)lower(*p);
			p++;
		}
	}
	key[n] = '\0';
	if (strncmp(key, "the ", 4) == 0)
		memmove(key, key + 4, n - 4 + 1);
	n = strlen(key);
	if (strncmp(key, "st ", 3) == 0) {
		if (n + 3 >= cap)
			return -1;
		memmove(key + 6, key + 3, n - 3 + 1);
		memcpy(key, "saint ", 6);
	}
	return 0;
}

/*
 * Every name and alias by its key, sorted, built once: a look-up is a
 * binary search instead of normalizing the names that share a first
 * letter (an import looks up the country of every row).  Equal keys keep
 * table order, countries before aliases, as the first match wins.
 */
struct named {
	char *key;
	const char *a2;
	size_t order;
};
static struct named *by_key;
static size_t nby_key;
static pthread_once_t by_key_once = PTHREAD_ONCE_INIT;

static int
named_cmp(const void *a, const void *b)
{
	const struct named *x = a, *y = b;
	int c = strcmp(x->key, y->key);

	if (c != 0)
		return c;
	return x->order < y->order ? -1 : x->order > y->order;
}

static void
add_named(const char *name, const char *a2)
{
	char k[192];

	if (country_key(name, k, sizeof(k)) < 0)
		return;   /* too long a key: not findable by name */
	by_key[nby_key].key = smk_xstrdup(k);
	by_key[nby_key].a2 = a2;
	by_key[nby_key].order = nby_key;
	nby_key++;
}

static void
build_by_key(void)
{
	size_t i, nc = sizeof(countries) / sizeof(countries[0]),
	    na = sizeof(aliases) / sizeof(aliases[0]);

	by_key = smk_xcalloc(nc + na, sizeof(*by_key));
	for (i = 0; i < nc; i++)
		add_named(countries[i].name, countries[i].a2);
	for (i = 0; i < na; i++)
		add_named(aliases[i].name, aliases[i].a2);
	qsort(by_key, nby_key, sizeof(*by_key), named_cmp);
}

/* The first entry in table order with this key, or NULL. */
static const char *
find_named(const char *key)
{
	size_t lo = 0, hi, mid;

	pthread_once(&by_key_once, build_by_key);
	hi = nby_key;
	while (lo < hi) {   /* the leftmost entry not less than key */
		mid = lo + (hi - lo) / 2;
		if (strcmp(by_key[mid].key, key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < nby_key && strcmp(by_key[lo].key, key) == 0)
		return by_key[lo].a2;
	return NULL;
}

const char *
smk_norm_country(const char *in)
{
	char key[192];
	size_t i, n;

	if (in == NULL || country_key(in, key, sizeof(key)) < 0)
		return NULL;
	n = strlen(key);
	if (n == 0)
		return NULL;
	/* Codes first: "IN" is India, not the English word. */
	if (n == 2 || n == 3) {
		for (i = 0; i < sizeof(countries) / sizeof(countries[0]); i++)
			if (smk_strcaseeq(key, n == 2 ? countries[i].a2 :
			    countries[i].a3))
				return countries[i].a2;
	}
	return find_named(key);
}
