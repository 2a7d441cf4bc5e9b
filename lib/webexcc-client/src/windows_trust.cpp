// The Windows ROOT store read through CryptoAPI, each certificate decoded by OpenSSL (DER) and
// added to its store.
#include "windows_trust.hpp"

#include <windows.h>
// after <windows.h>, which it needs
#include <wincrypt.h>

#include <openssl/err.h>

#include <string>

namespace webexcc::client::detail {

workspace::Result<std::size_t> add_windows_root_certificates(X509_STORE* store) {
    HCERTSTORE roots = CertOpenSystemStoreW(0, L"ROOT");
    if (roots == nullptr)
        return workspace::Problem("TLS_SETUP", "the Windows ROOT certificate store cannot be opened (error " +
                                                   std::to_string(GetLastError()) + ")");
    std::size_t added = 0;
    PCCERT_CONTEXT certificate = nullptr;
    while ((certificate = CertEnumCertificatesInStore(roots, certificate)) != nullptr) {
        const unsigned char* der = certificate->pbCertEncoded;
        X509* decoded = d2i_X509(nullptr, &der, static_cast<long>(certificate->cbCertEncoded));
        if (decoded == nullptr) continue;  // what OpenSSL cannot read it could not verify with either
        if (X509_STORE_add_cert(store, decoded) == 1) ++added;
        X509_free(decoded);
    }
    CertCloseStore(roots, 0);
    ERR_clear_error();  // left by certificates skipped or already present: not this connection's errors
    return added;
}

}  // namespace webexcc::client::detail
