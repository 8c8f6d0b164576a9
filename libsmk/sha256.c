/* sha256.c — SHA-256 (FIPS 180-4), so an import batch can record the digest of the file it read. */
#include <string.h>

#include "sha256.h"

/*
 * On x86-64 with the SHA extensions, the CPU does the rounds: about ten
 * times the portable code, which matters because every byte of a 150 MB
 * import is hashed.  GCC and Clang only (target attribute, cpuid.h).
 */
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define HAVE_SHANI 1
#include <cpuid.h>
#include <immintrin.h>
#endif

static const uint32_t K[64] = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1,
	0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
	0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
	0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
	0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147,
	0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
	0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
	0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
	0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
	0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
	0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2
};

#define ROR(x, n) (((x) >> (n)) | ((x) << (32 - (n))))

static void
block(uint32_t h[8], const unsigned char *p)
{
	uint32_t w[64], a, b, c, d, e, f, g, k, t1, t2;
	int i;

	for (i = 0; i < 16; i++)
		w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 |
		    (uint32_t)p[4 * i + 2] << 8 | (uint32_t)p[4 * i + 3];
	for (i = 16; i < 64; i++) {
		uint32_t s0 = ROR(w[i - 15], 7) ^ ROR(w[i - 15], 18) ^
		    (w[i - 15] >> 3);
		uint32_t s1 = ROR(w[i - 2], 17) ^ ROR(w[i - 2], 19) ^
		    (w[i - 2] >> 10);

		w[i] = w[i - 16] + s0 + w[i - 7] + s1;
	}
	a = h[0]; b = h[1]; c = h[2]; d = h[3];
	e = h[4]; f = h[5]; g = h[6]; k = h[7];
	for (i = 0; i < 64; i++) {
		t1 = k + (ROR(e, 6) ^ ROR(e, 11) ^ ROR(e, 25)) +
		    ((e & f) ^ (~e & g)) + K[i] + w[i];
		t2 = (ROR(a, 2) ^ ROR(a, 13) ^ ROR(a, 22)) +
		    ((a & b) ^ (a & c) ^ (b & c));
		k = g; g = f; f = e; e = d + t1;
		d = c; c = b; b = a; a = t1 + t2;
	}
	h[0] += a; h[1] += b; h[2] += c; h[3] += d;
	h[4] += e; h[5] += f; h[6] += g; h[7] += k;
}

#ifdef HAVE_SHANI
static int
have_shani(void)
{
	unsigned a, b, c, d;

	if (!__get_cpuid(1, &a, &b, &c, &d) || !(c & bit_SSE4_1))
		return 0;
	if (!__get_cpuid_count(7, 0, &a, &b, &c, &d))
		return 0;
	return (b & (1u << 29)) != 0;   /* CPUID.7.0:EBX.SHA */
}

/*
 * n blocks with the SHA instructions.  They keep the state as ABEF and
 * CDGH (A in the top lane) and do two rounds per sha256rnds2, taking the
 * two words+constants from the low lanes; sha256msg1/msg2 extend the
 * message schedule four words at a time.
 */
__attribute__((target("sha,sse4.1")))
static void
blocks_shani(uint32_t h[8], const unsigned char *p, size_t n)
{
	const __m128i bswap = _mm_set_epi64x(0x0c0d0e0f08090a0bLL,
	    0x0405060700010203LL);
	__m128i st0, st1, t, abef, cdgh, msg, w[4];
	int j;

	t = _mm_loadu_si128((const __m128i *)(const void *)h);
	st1 = _mm_loadu_si128((const __m128i *)(const void *)(h + 4));
	t = _mm_shuffle_epi32(t, 0xb1);           /* B A D C */
	st1 = _mm_shuffle_epi32(st1, 0x1b);       /* H G F E */
	st0 = _mm_alignr_epi8(t, st1, 8);         /* F E B A: ABEF */
	st1 = _mm_blend_epi16(st1, t, 0xf0);      /* H G D C: CDGH */
	for (; n > 0; n--, p += 64) {
		abef = st0;
		cdgh = st1;
		for (j = 0; j < 16; j++) {
			if (j < 4)
				w[j] = _mm_shuffle_epi8(_mm_loadu_si128(
				    (const __m128i *)(const void *)(p + 16 * j)),
				    bswap);
			else {
				/* w[j&3] is W[i-16..], then i-12, i-8, i-4 */
				t = _mm_sha256msg1_epu32(w[j & 3],
				    w[(j + 1) & 3]);
				t = _mm_add_epi32(t, _mm_alignr_epi8(
				    w[(j + 3) & 3], w[(j + 2) & 3], 4));
				w[j & 3] = _mm_sha256msg2_epu32(t,
				    w[(j + 3) & 3]);
			}
			msg = _mm_add_epi32(w[j & 3], _mm_loadu_si128(
			    (const __m128i *)(const void *)(K + 4 * j)));
			st1 = _mm_sha256rnds2_epu32(st1, st0, msg);
			msg = _mm_shuffle_epi32(msg, 0x0e);
			st0 = _mm_sha256rnds2_epu32(st0, st1, msg);
		}
		st0 = _mm_add_epi32(st0, abef);
		st1 = _mm_add_epi32(st1, cdgh);
	}
	t = _mm_shuffle_epi32(st0, 0x1b);         /* A B E F */
	st1 = _mm_shuffle_epi32(st1, 0xb1);       /* G H C D */
	st0 = _mm_blend_epi16(t, st1, 0xf0);      /* A B C D */
	st1 = _mm_alignr_epi8(st1, t, 8);         /* E F G H */
	_mm_storeu_si128((__m128i *)(void *)h, st0);
	_mm_storeu_si128((__m128i *)(void *)(h + 4), st1);
}
#endif

static void
blocks(const struct smk_sha256 *s, uint32_t h[8], const unsigned char *p,
    size_t n)
{
#ifdef HAVE_SHANI
	if (s->hw) {
		blocks_shani(h, p, n);
		return;
	}
#else
	(void)s;
#endif
	for (; n > 0; n--, p += 64)
		block(h, p);
}

void
smk_sha256_init(struct smk_sha256 *s)
{
	static const uint32_t iv[8] = {
		0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
		0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19
	};

	memcpy(s->h, iv, sizeof(iv));
	s->len = 0;
	s->nblk = 0;
#ifdef HAVE_SHANI
	s->hw = have_shani();
#else
	s->hw = 0;
#endif
}

void
smk_sha256_update(struct smk_sha256 *s, const void *data, size_t n)
{
	const unsigned char *p = data;
	size_t k;

	if (n == 0)
		return;
	s->len += n;
	if (s->nblk > 0) {
		k = 64 - s->nblk < n ? 64 - s->nblk : n;
		memcpy(s->blk + s->nblk, p, k);
		s->nblk += k;
		p += k;
		n -= k;
		if (s->nblk < 64)
			return;
		blocks(s, s->h, s->blk, 1);
		s->nblk = 0;
	}
	/* Whole blocks straight from the caller's memory: no copy. */
	k = n / 64;
	blocks(s, s->h, p, k);
	p += 64 * k;
	n -= 64 * k;
	memcpy(s->blk, p, n);
	s->nblk = n;
}

void
smk_sha256_final(const struct smk_sha256 *s, unsigned char out[32])
{
	struct smk_sha256 t = *s;
	unsigned char pad[72];
	uint64_t bits = s->len * 8;
	size_t npad, i;

	/* 0x80, zeros to 56 mod 64, then the length in bits, big-endian. */
	npad = (t.nblk < 56 ? 56 : 120) - t.nblk;
	memset(pad, 0, sizeof(pad));
	pad[0] = 0x80;
	for (i = 0; i < 8; i++)
		pad[npad + i] = (unsigned char)(bits >> (56 - 8 * i));
	smk_sha256_update(&t, pad, npad + 8);
	for (i = 0; i < 8; i++) {
		out[4 * i] = (unsigned char)(t.h[i] >> 24);
		out[4 * i + 1] = (unsigned char)(t.h[i] >> 16);
		out[4 * i + 2] = (unsigned char)(t.h[i] >> 8);
		out[4 * i + 3] = (unsigned char)t.h[i];
	}
}

void
smk_sha256_hex(const struct smk_sha256 *s, char hex[65])
{
	static const char digits[] = "0123456789abcdef";
	unsigned char d[32];
	int i;

	smk_sha256_final(s, d);
	for (i = 0; i < 32; i++) {
		hex[2 * i] = digits[d[i] >> 4];
		hex[2 * i + 1] = digits[d[i] & 15];
	}
	hex[64] = '\0';
}
