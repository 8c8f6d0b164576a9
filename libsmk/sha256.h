/* sha256.h — SHA-256 (FIPS 180-4) for file digests; private to libsmk. */
#ifndef SMK_SHA256_H
#define SMK_SHA256_H

#include <stddef.h>
#include <stdint.h>

struct smk_sha256 {
	uint32_t h[8];
	uint64_t len;          /* bytes hashed so far */
	unsigned char blk[64]; /* the partial block */
	size_t nblk;
	int hw;                /* use the CPU's SHA instructions */
};

/* Sets hw when the CPU has SHA instructions; a test may clear it to try
 * the portable code. */
void smk_sha256_init(struct smk_sha256 *s);
void smk_sha256_update(struct smk_sha256 *s, const void *p, size_t n);
/* Writes the 32-byte digest; s is left untouched, so a running digest can
 * be read and hashing go on. */
void smk_sha256_final(const struct smk_sha256 *s, unsigned char out[32]);
/* The digest as 64 lowercase hex digits and a NUL. */
void smk_sha256_hex(const struct smk_sha256 *s, char hex[65]);

#endif
