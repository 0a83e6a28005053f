#ifndef SLUICE_CLIBGIT2_SHIM_H
#define SLUICE_CLIBGIT2_SHIM_H

#include <git2.h>

/// git_libgit2_opts is variadic, which Swift cannot call; these wrap the options Sluice uses.
static inline int sluice_git_set_search_path(int level, const char *path) {
    return git_libgit2_opts(GIT_OPT_SET_SEARCH_PATH, level, path);
}

static inline int sluice_git_enable_fsync(int enabled) {
    return git_libgit2_opts(GIT_OPT_ENABLE_FSYNC_GITDIR, enabled);
}

static inline int sluice_git_enable_strict_hash_verification(int enabled) {
    return git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, enabled);
}

#endif
