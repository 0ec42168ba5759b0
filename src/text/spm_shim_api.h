/* C interface of libsori_spm, the shared library that wraps SentencePiece.
 *
 * Why a separate library, loaded with dlmopen(): Debian's libsentencepiece bundles its
 * own copy of protobuf 3.14 and exports its symbols, while libtorch links the system
 * protobuf 3.21. Loaded into one symbol namespace, the two abort at start-up
 * ("compiled against version 3.14.0 of the Protocol Buffer runtime"). sori_core
 * therefore never links SentencePiece; spm_library.cc loads libsori_spm.so into a new
 * link-map namespace (dlmopen(LM_ID_NEWLM)), where it gets its own protobuf, and talks
 * to it only through this plain-C interface. Nothing allocated on one side is freed on
 * the other: outputs go into caller buffers, handles are opaque.
 *
 * Conventions: functions return >= 0 on success and -1 on failure, writing a
 * NUL-terminated message into err (err_cap bytes). Functions that fill a caller buffer
 * return the size they need, so the caller can retry with a larger buffer. */
#ifndef SORI_TEXT_SPM_SHIM_API_H_
#define SORI_TEXT_SPM_SHIM_API_H_

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#define SORI_SPM_ABI_VERSION 2

typedef struct sori_spm sori_spm;

int sori_spm_abi_version(void);

/* Loads a serialized ModelProto (the bytes of a .model file). */
int sori_spm_load(const char* model_bytes, size_t size, sori_spm** out, char* err, size_t err_cap);
void sori_spm_free(sori_spm* spm);

int sori_spm_vocab_size(const sori_spm* spm);
int sori_spm_unk_id(const sori_spm* spm);

/* Encodes UTF-8 text to ids; returns the number of ids (which may exceed cap). */
long sori_spm_encode(const sori_spm* spm, const char* text, size_t size, int* ids, size_t cap,
                     char* err, size_t err_cap);
/* Decodes ids to UTF-8 text; returns its length in bytes (which may exceed cap). */
long sori_spm_decode(const sori_spm* spm, const int* ids, size_t n, char* out, size_t cap,
                     char* err, size_t err_cap);
/* The piece of an id; returns its length in bytes, -1 if the id is out of range. */
long sori_spm_id_to_piece(const sori_spm* spm, int id, char* out, size_t cap);

/* Runs SentencePieceTrainer::Train with trainer options as n key/value pairs
 * ("input" -> path, "vocab_size" -> "256", ...), the form that neither splits values
 * at spaces nor logs the command line. */
int sori_spm_train(const char* const* keys, const char* const* values, size_t n, char* err,
                   size_t err_cap);

#ifdef __cplusplus
}
#endif

#endif /* SORI_TEXT_SPM_SHIM_API_H_ */
