// ecsguard's version. The library follows semantic versioning (docs/api.md, "Versioning"):
// within a major version, the C++ API stays source-compatible and the C API and the shared
// library stay ABI-compatible.
#ifndef ECSGUARD_VERSION_H_
#define ECSGUARD_VERSION_H_

#define ECSGUARD_VERSION_MAJOR 0
#define ECSGUARD_VERSION_MINOR 1
#define ECSGUARD_VERSION_PATCH 0
#define ECSGUARD_VERSION_STRING "0.1.0"

#endif  // ECSGUARD_VERSION_H_
