// ECSGUARD_API marks the library's public symbols. Everything else is hidden.
#ifndef ECSGUARD_EXPORT_H_
#define ECSGUARD_EXPORT_H_

#if defined(ECSGUARD_STATIC)
#define ECSGUARD_API
#elif defined(ECSGUARD_BUILDING)
#define ECSGUARD_API __attribute__((visibility("default")))
#else
#define ECSGUARD_API
#endif

#endif  // ECSGUARD_EXPORT_H_
