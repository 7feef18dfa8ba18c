/* SPDX-License-Identifier: MIT */
/* assets.c - the embedded files, by path. */
#include <string.h>

#include "daemon/web/web_int.h"

const struct web_asset *web_asset_find(const char *path)
{
	for (size_t i = 0; i < web_asset_count; i++)
		if (!strcmp(web_assets[i].path, path))
			return &web_assets[i];
	return NULL;
}
