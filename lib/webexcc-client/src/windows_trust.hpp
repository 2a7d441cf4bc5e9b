#pragma once
// TLS trust on Windows: the certificates the machine and the user trust (the ROOT store, which
// includes the roots an organisation distributes by group policy) added to an OpenSSL store, as
// browsers on Windows trust them. Windows only.

#ifdef _WIN32

#include "workspace/problem.hpp"

#include <openssl/x509.h>

#include <cstddef>

namespace webexcc::client::detail {

// How many certificates of the ROOT store were added to `store`; those OpenSSL cannot read are
// left out. TLS_SETUP when the ROOT store cannot be opened.
workspace::Result<std::size_t> add_windows_root_certificates(X509_STORE* store);

}  // namespace webexcc::client::detail

#endif
