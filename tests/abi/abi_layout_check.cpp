// The ABI's 1.0 layout checked as C++ (abi_layout.h), as a C++ plugin or host sees the header.
#include "abi_layout.h"
