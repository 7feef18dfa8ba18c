/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "netledger.h"
#include "core/error.h"

int Nlg_fail(struct Nlg_errbuf *eb, int err, const char *fmt, ...)
{
	if (eb) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(eb->msg, sizeof(eb->msg), fmt, ap);
		va_end(ap);
	}
	return err;
}

const char *nlg_strerror(int err)
{
	if (err > 0)
		err = -err;
	switch (err) {
	case 0: return "success";
	case -ENOMEM: return "out of memory";
	case -EINVAL: return "invalid argument";
	case -EPERM: return "operation not permitted";
	case -EACCES: return "permission denied";
	case -ENOENT: return "not found";
	case -EBUSY: return "busy";
	case -EIO: return "input/output error";
	case -EPROTO: return "malformed kernel message";
	case -EMSGSIZE: return "message too long";
	case -ENOBUFS: return "kernel dropped messages";
	case -EAGAIN: return "try again";
	case -ENOTSUP: return "not supported on this platform";
	case -EAFNOSUPPORT: return "address family not supported";
	case -EPROTONOSUPPORT: return "protocol not supported";
	case -ENODATA: return "no data yet (no sample taken)";
	case -ERANGE: return "out of range";
	case -ENODEV: return "no such device";
	case -ESRCH: return "no such process";
	case -EINTR: return "interrupted";
	case -ETIMEDOUT: return "timed out";
	case -EEXIST: return "already exists";
	case -ENOSPC: return "no space left";
	case -EROFS: return "read-only file system";
	case -EMFILE: return "too many open files";
	case -ENOSYS: return "not implemented by this kernel";
	case NLG_ENOTOURS: return "a database of another program";
	case NLG_ENEWER: return "written by a newer netledger";
	case NLG_ECORRUPT: return "not a database, or damaged";
	case NLG_EDB: return "database error";
	default: return "unknown error";
	}
}
