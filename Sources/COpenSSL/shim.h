#ifndef ECRGUARD_COPENSSL_SHIM_H
#define ECRGUARD_COPENSSL_SHIM_H
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/sha.h>
#include <openssl/rand.h>
#include <openssl/err.h>

// SHA-256 through OpenSSL's digest functions themselves (SHA256_Init/Update/Final), not through EVP.
// In OpenSSL 3 the first EVP digest or MAC of a process fetches its method, and the first fetch
// builds the default library context's name map from every legacy algorithm name: about 3 million
// instructions, a third of what an `ecrguard ecr` call does beyond starting. The functions below
// run the same block code (sha256_block_data_order) with no fetch. OpenSSL 3 marks them deprecated
// in favour of EVP; the wrappers keep that warning in this one place. A system whose OpenSSL is set up
// for FIPS keeps EVP (see ecrg_openssl_fips_by_default).
#pragma clang diagnostic push
#pragma clang diagnostic ignored "-Wdeprecated-declarations"
typedef SHA256_CTX ecrg_sha256_context;
static inline void ecrg_sha256_init(ecrg_sha256_context *c) { (void)SHA256_Init(c); }
static inline void ecrg_sha256_update(ecrg_sha256_context *c, const void *data, size_t count) { (void)SHA256_Update(c, data, count); }
static inline void ecrg_sha256_final(ecrg_sha256_context *c, unsigned char digest[SHA256_DIGEST_LENGTH]) { (void)SHA256_Final(digest, c); }
#pragma clang diagnostic pop
static const int ECRG_SHA256_BLOCK_LENGTH = SHA256_CBLOCK;

// Whether OpenSSL's configuration (openssl.cnf, loaded here if nothing has loaded it yet) makes
// FIPS-approved implementations the default: then digests and MACs go through EVP, which hands them
// to the FIPS provider, whatever that costs. About 2,600 instructions once OpenSSL is initialised.
static inline int ecrg_openssl_fips_by_default(void) {
    OPENSSL_init_crypto(OPENSSL_INIT_LOAD_CONFIG, NULL);
    return EVP_default_properties_is_fips_enabled(NULL);
}
#endif
