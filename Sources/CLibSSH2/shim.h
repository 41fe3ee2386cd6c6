#ifndef PROXMOX_TOOLS_CLIBSSH2_SHIM_H
#define PROXMOX_TOOLS_CLIBSSH2_SHIM_H

#include <libssh2.h>
#include <libssh2_publickey.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>
#include <netdb.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <fcntl.h>
#include <unistd.h>
#include <errno.h>
#include <string.h>
#include <openssl/evp.h>

// libssh2 exposes several entry points only as function-like macros, which Swift cannot import.
// Each wrapper below is the macro's own expansion, so behaviour is exactly libssh2's.

static inline LIBSSH2_SESSION *pt_session_init(void) {
    return libssh2_session_init_ex(NULL, NULL, NULL, NULL);
}

static inline int pt_session_disconnect(LIBSSH2_SESSION *session, const char *description) {
    return libssh2_session_disconnect_ex(session, SSH_DISCONNECT_BY_APPLICATION, description, "");
}

static inline LIBSSH2_CHANNEL *pt_channel_open_session(LIBSSH2_SESSION *session) {
    return libssh2_channel_open_ex(session, "session", sizeof("session") - 1,
                                   LIBSSH2_CHANNEL_WINDOW_DEFAULT, LIBSSH2_CHANNEL_PACKET_DEFAULT,
                                   NULL, 0);
}

static inline int pt_channel_exec(LIBSSH2_CHANNEL *channel, const char *command) {
    return libssh2_channel_process_startup(channel, "exec", sizeof("exec") - 1,
                                           command, (unsigned int)strlen(command));
}

static inline ssize_t pt_channel_read(LIBSSH2_CHANNEL *channel, int stream, char *buf, size_t len) {
    return libssh2_channel_read_ex(channel, stream, buf, len);
}

static inline int pt_userauth_publickey_fromfile(LIBSSH2_SESSION *session, const char *user,
                                                 const char *publickey, const char *privatekey,
                                                 const char *passphrase) {
    return libssh2_userauth_publickey_fromfile_ex(session, user, (unsigned int)strlen(user),
                                                  publickey, privatekey, passphrase);
}

static inline int pt_session_last_errno(LIBSSH2_SESSION *session) {
    return libssh2_session_last_errno(session);
}

// OpenSSL (already a dependency of libssh2's OpenSSL backend) for the two digests known_hosts
// needs: SHA-256 fingerprints of keys read from the file, and HMAC-SHA1 of hashed host names.
static inline int pt_sha256(const void *data, size_t len, unsigned char out[32]) {
    unsigned int outlen = 0;
    return EVP_Digest(data, len, out, &outlen, EVP_sha256(), NULL) == 1 && outlen == 32;
}

static inline int pt_hmac_sha1(const void *key, size_t keylen, const void *data, size_t datalen,
                               unsigned char out[20]) {
    size_t outlen = 0;
    return EVP_Q_mac(NULL, "HMAC", NULL, "SHA1", NULL, key, keylen, data, datalen, out, 20, &outlen) != NULL
        && outlen == 20;
}

#endif
