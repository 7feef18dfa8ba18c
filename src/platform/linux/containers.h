/* SPDX-License-Identifier: MIT */
/* containers.h - the names container runtimes give their containers, read
 * from the runtimes' files under a root directory ("/" but in tests). */
#ifndef NLG_LINUX_CONTAINERS_H
#define NLG_LINUX_CONTAINERS_H

#include <stdbool.h>
#include <stddef.h>

/*
 * runtime and id as the identity rules give them ("docker", "libpod",
 * "crio", "pod"): docker's containers/<id>/config.v2.json "Name", the
 * "names" of containers/storage's containers.json (podman, cri-o), a
 * Kubernetes pod's log directory /var/log/pods/<namespace>_<pod>_<uid>.
 * Return: true with the name (at most size - 1 bytes) written.
 */
bool Nlg_container_name(const char *root, const char *runtime, const char *id, char *name,
			size_t size);

/* The same over a file's text (NUL-terminated): docker's config.v2.json
 * for runtime "docker", else containers/storage's containers.json.
 * Return: true with the name written. */
bool Nlg_container_name_parse(const char *text, const char *runtime, const char *id,
			      char *name, size_t size);

#endif
