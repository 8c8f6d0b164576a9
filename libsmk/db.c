/* db.c — the SQLite file: opening, migrating, transactions, named statements. */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <sqlite3.h>

#include "smk_int.h"

/*
 * The migrations, in order: migration i takes user_version i to i + 1.
 * Each is the lines of a .sql file embedded at build time (ISO C limits
 * the length of one string literal, so a file is an array of lines).
 */
static const char *const schema_v1[] = {
#include "schema.h"
	NULL
};
static const char *const schema_v2[] = {
#include "schema-2.h"
	NULL
};
static const char *const schema_v3[] = {
#include "schema-3.h"
	NULL
};
static const char *const schema_v4[] = {
#include "schema-4.h"
	NULL
};
static const char *const *const migrations[] = {
	schema_v1, schema_v2, schema_v3, schema_v4
};
#define NMIGRATIONS ((int)(sizeof(migrations) / sizeof(migrations[0])))
/*
 * The oldest version a read-only command reads as it is: the migrations
 * after it change indexes (2, 4) or add columns that no report reads
 * (3: routing), never what a query returns, so reports (handoff queue,
 * sla, ... in cron) keep working on a file that no writing command has
 * migrated yet.  Raise it with a migration that changes what a report
 * reads.
 */
#define READ_COMPAT 1

/*
 * A writer waits this long for another writer (eight cron imports at once
 * must queue, not fail).  $SMK_BUSY_TIMEOUT (milliseconds) overrides.
 */
#define BUSY_TIMEOUT_MS (10 * 60 * 1000)

/* Every statement the library runs against the database, by name. */
enum stmt {
	ST_LEAD_GET, ST_LEAD_BY_ID, ST_LEAD_BY_EMAIL, ST_LEAD_INSERT,
	ST_LEAD_UPDATE, ST_LEAD_SCORE, ST_LEAD_STAGE, ST_TOUCH_ADD,
	ST_TOUCH_COUNTS, ST_EVENT_ADD, ST_BATCH_START, ST_BATCH_FINISH,
	ST_RUNSET_CLEAR, ST_RUNSET_ADD, ST_RUNSET_EACH, ST_SETTING_GET,
	ST_SETTING_SET,
	ST_COUNT
};

#define LEAD_COLS "id, key, email, first_name, last_name, company, title, " \
	"phone, country, source, campaign, channel, created_at, updated_at, " \
	"score, stage, stage_at, owner, extra, sales_sourced, seen_at"

static const char *const sql[ST_COUNT] = {
	[ST_LEAD_GET] = "SELECT " LEAD_COLS " FROM leads WHERE key = ?1",
	[ST_LEAD_BY_ID] = "SELECT " LEAD_COLS " FROM leads WHERE id = ?1",
	/* after the key: a lead with this email as its key is not asked for,
	 * the others are in the partial index (schema-2.sql) */
	[ST_LEAD_BY_EMAIL] = "SELECT " LEAD_COLS " FROM leads WHERE email = ?1 "
	    "AND email <> key ORDER BY id LIMIT 2",
	[ST_LEAD_INSERT] = "INSERT INTO leads (key, email, first_name, "
	    "last_name, company, title, phone, country, source, campaign, "
	    "channel, created_at, updated_at, stage, stage_at, extra, "
	    "sales_sourced, batch_id, seen_at) VALUES (?1, ?2, ?3, ?4, ?5, "
	    "?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, 'lead', ?12, ?14, ?15, ?16, "
	    "?17)",
	[ST_LEAD_UPDATE] = "UPDATE leads SET email = ?2, first_name = ?3, "
	    "last_name = ?4, company = ?5, title = ?6, phone = ?7, "
	    "country = ?8, source = ?9, campaign = ?10, channel = ?11, "
	    "created_at = ?12, updated_at = ?13, extra = ?14, seen_at = ?17 "
	    "WHERE id = ?1",
	[ST_LEAD_SCORE] = "UPDATE leads SET score = ?2 WHERE id = ?1",
	[ST_LEAD_STAGE] = "UPDATE leads SET stage = ?2, stage_at = ?3 "
	    "WHERE id = ?1",
	[ST_TOUCH_ADD] = "INSERT INTO touches (lead_id, campaign, channel, "
	    "source, at, fp, batch_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) "
	    "ON CONFLICT (lead_id, fp) DO NOTHING",
	[ST_TOUCH_COUNTS] = "SELECT channel, count(*) FROM touches "
	    "WHERE lead_id = ?1 GROUP BY channel",
	[ST_EVENT_ADD] = "INSERT INTO stage_events (lead_id, from_stage, "
	    "to_stage, at, actor, reason, note, amount, batch_id, recorded_at) "
	    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
	[ST_BATCH_START] = "INSERT INTO batches (tool, command, file, actor, "
	    "started_at) VALUES (?1, ?2, ?3, ?4, ?5)",
	[ST_BATCH_FINISH] = "UPDATE batches SET sha256 = ?2, finished_at = ?3, "
	    "rows_read = ?4, new_leads = ?5, updated = ?6, unchanged = ?7, "
	    "rejected = ?8, mql = ?9, touches = ?10 WHERE id = ?1",
	[ST_RUNSET_CLEAR] = "DELETE FROM temp.runset WHERE set_no = ?1",
	[ST_RUNSET_ADD] = "INSERT INTO temp.runset (set_no, lead_id, flags) "
	    "VALUES (?1, ?2, ?3) ON CONFLICT (set_no, lead_id) DO UPDATE SET "
	    "flags = flags | excluded.flags",
	[ST_RUNSET_EACH] = "SELECT lead_id, flags FROM temp.runset "
	    "WHERE set_no = ?1 ORDER BY lead_id",
	[ST_SETTING_GET] = "SELECT value FROM settings WHERE name = ?1",
	[ST_SETTING_SET] = "INSERT INTO settings (name, value) VALUES (?1, ?2) "
	    "ON CONFLICT (name) DO UPDATE SET value = excluded.value",
};

#define QCACHE 48

struct qcache {
	const char *sql;
	sqlite3_stmt *s;
};

struct smk_db {
	sqlite3 *h;
	char *path;
	int mode;
	int in_tx;
	int has_runset;
	sqlite3_stmt *st[ST_COUNT];
	/* smk_db_leads_insert and smk_db_touches_add: [n - 1] writes n rows */
	sqlite3_stmt *many_leads[SMK_DB_GROUP], *many_touches[SMK_DB_GROUP];
	struct qcache *qc;    /* smk_db_select/smk_db_exec statements */
	int immutable;        /* read as a file nobody writes (see above) */
	int bulk;             /* SMK_DB_BULK: no foreign key checks */
	int timeout;          /* busy timeout, milliseconds */
	int created;          /* this handle created the file */
	dev_t dev;            /* the file opened, as the path named it */
	ino_t ino;
	int committed;        /* smk_db_commit() has succeeded */
	int snapshot;         /* SMK_DB_READ: the read transaction is open */
};

/*
 * SQLite's word for the last error (msg, or its message when NULL), and
 * for an I/O error the system's: "disk I/O error" alone does not say
 * that the disk is full (the -shm file could not grow) or that the file
 * outgrew the size limit (ulimit -f), and the person reading it from
 * cron has no other clue (tests/e2e/t0620).
 */
static const char *
reason(struct smk_db *db, const char *msg, char *buf, size_t n)
{
	/* SQLite keeps the system's error only on some paths (not for a
	 * write to the -wal at the commit), so errno is read first: the
	 * calls after the failed write (unlocking, rolling back) succeed
	 * and leave it; only the errors a write can end with are named */
	int e = errno, code = sqlite3_errcode(db->h) & 0xff;

	if (sqlite3_system_errno(db->h) != 0)
		e = sqlite3_system_errno(db->h);
	if (msg == NULL)
		msg = sqlite3_errmsg(db->h);
	if ((code == SQLITE_IOERR || code == SQLITE_FULL) && (e == ENOSPC ||
	    e == EFBIG || e == EDQUOT || e == EIO)) {
		snprintf(buf, n, "%s (%s)", msg, strerror(e));
		return buf;
	}
	return msg;
}

static int
dberr(struct smk_db *db, struct smk_err *err, const char *what)
{
	char buf[512];

	return smk_err_set(err, SMK_EXIT_FAILURE, db->path, 0, NULL,
	    "%s: %s", what, reason(db, NULL, buf, sizeof(buf)));
}

int
smk_db_fail(struct smk_db *db, struct smk_err *err, const char *what)
{
	return dberr(db, err, what);
}

static int
exec(struct smk_db *db, const char *s, struct smk_err *err)
{
	char *msg = NULL, buf[512];

	if (sqlite3_exec(db->h, s, NULL, NULL, &msg) != SQLITE_OK) {
		smk_err_set(err, SMK_EXIT_FAILURE, db->path, 0, NULL, "%s",
		    reason(db, msg, buf, sizeof(buf)));
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

static int
exec_lines(struct smk_db *db, const char *const *lines, struct smk_err *err)
{
	struct smk_buf b = {0};
	int r;

	while (*lines != NULL)
		smk_buf_adds(&b, *lines++);
	r = exec(db, b.s, err);
	smk_buf_free(&b);
	return r;
}

/* The named statement, prepared on first use, reset and ready to bind. */
static sqlite3_stmt *
stmt(struct smk_db *db, enum stmt which, struct smk_err *err)
{
	sqlite3_stmt *s = db->st[which];

	if (s == NULL) {
		if (sqlite3_prepare_v3(db->h, sql[which], -1,
		    SQLITE_PREPARE_PERSISTENT, &s, NULL) != SQLITE_OK) {
			dberr(db, err, "cannot prepare statement");
			return NULL;
		}
		db->st[which] = s;
	} else {
		sqlite3_reset(s);
		sqlite3_clear_bindings(s);
	}
	return s;
}

/* Runs a statement that returns no rows. */
static int
step_done(struct smk_db *db, sqlite3_stmt *s, struct smk_err *err)
{
	int rc = sqlite3_step(s), e = errno;

	sqlite3_reset(s);
	if (rc != SQLITE_DONE) {
		errno = e;      /* for reason() */
		return dberr(db, err, "write failed");
	}
	return 0;
}

static void
bind_text(sqlite3_stmt *s, int i, const char *v)
{
	if (v == NULL || *v == '\0')
		sqlite3_bind_null(s, i);
	else
		sqlite3_bind_text(s, i, v, -1, SQLITE_STATIC);
}

/* A reference to another row: NULL when there is none (id 0). */
static void
bind_ref(sqlite3_stmt *s, int i, int64_t id)
{
	if (id > 0)
		sqlite3_bind_int64(s, i, id);
	else
		sqlite3_bind_null(s, i);
}

static int
user_version(struct smk_db *db, int *v, struct smk_err *err)
{
	sqlite3_stmt *s;
	int rc;

	if (sqlite3_prepare_v2(db->h, "PRAGMA user_version", -1, &s, NULL) !=
	    SQLITE_OK)
		return dberr(db, err, "cannot read schema version");
	rc = sqlite3_step(s);
	*v = rc == SQLITE_ROW ? sqlite3_column_int(s, 0) : 0;
	sqlite3_finalize(s);
	if (rc != SQLITE_ROW)
		return dberr(db, err, "cannot read schema version");
	return 0;
}

/*
 * Whether the path no longer names the file this connection has open:
 * a failed first run removed it (discard_new() below).  Checked under a
 * lock that rules the removal out from then on.
 */
static int
moved(struct smk_db *db)
{
	int m = 0;

	return sqlite3_file_control(db->h, "main", SQLITE_FCNTL_HAS_MOVED,
	    &m) == SQLITE_OK && m != 0;
}

/* What the opening steps return when the file moved under them: open
 * again, the path's file this time. */
#define MOVED 1
/* How often a path may move under one opening before it gives up. */
#define MAX_MOVES 8
/* How long a failed first run waits for other runs to close the file it
 * created, before it leaves the file to them (discard_new). */
#define DISCARD_WAIT_MS 1000
/* The application id of a file so left: "smk0"; the last of those runs
 * to close it without a commit removes it (discard_new). */
#define DISCARD_MARK 1936550704
#define TEXT_OF(n) #n
#define NUMBER_TEXT(n) TEXT_OF(n)   /* a macro's number as a string */

/*
 * Brings the schema to this library's version in one transaction.  The
 * version is read again under the write lock, so two tools starting at
 * once on a new file migrate it once.  MOVED when the file was removed
 * before the lock was had.
 */
static int
migrate(struct smk_db *db, struct smk_err *err)
{
	int v, i;
	char set[64];

	if (user_version(db, &v, err) < 0)
		return -1;
	if (v > NMIGRATIONS)
		goto newer;
	if (v == NMIGRATIONS || (db->mode == SMK_DB_READ && v >= READ_COMPAT))
		return 0;
	if (db->mode == SMK_DB_READ)
		return smk_err_set(err, SMK_EXIT_FAILURE, db->path, 0, NULL,
		    "schema version %d is older than this smk's (%d); any "
		    "writing command (lead-import, handoff config) migrates "
		    "it", v, NMIGRATIONS);
	if (exec(db, "BEGIN IMMEDIATE", err) < 0)
		return -1;
	if (moved(db)) {
		sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
		return MOVED;
	}
	if (user_version(db, &v, err) < 0)
		goto fail;
	if (v > NMIGRATIONS) {
		exec(db, "ROLLBACK", err);
		goto newer;
	}
	for (i = v; i < NMIGRATIONS; i++)
		if (exec_lines(db, migrations[i], err) < 0)
			goto fail;
	snprintf(set, sizeof(set), "PRAGMA user_version = %d", NMIGRATIONS);
	if (exec(db, set, err) < 0 || exec(db, "COMMIT", err) < 0)
		goto fail;
	return 0;
fail:
	sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
	return -1;
newer:
	return smk_err_set(err, SMK_EXIT_FAILURE, db->path, 0, NULL,
	    "database schema version %d is newer than this smk supports "
	    "(%d); use a newer smk", v, NMIGRATIONS);
}

static int
is_wal(struct smk_db *db)
{
	sqlite3_stmt *s;
	int wal = 0;

	if (sqlite3_prepare_v2(db->h, "PRAGMA journal_mode", -1, &s, NULL) ==
	    SQLITE_OK && sqlite3_step(s) == SQLITE_ROW)
		wal = strcmp((const char *)sqlite3_column_text(s, 0),
		    "wal") == 0;
	sqlite3_finalize(s);
	return wal;
}

/*
 * Switches a file to WAL: a new one while it is made (create_new), and
 * one made by something else in another journal mode.  That takes an
 * exclusive lock, and SQLite does not wait for it (the busy handler is
 * not asked): eight imports started at once on a new file, when it was
 * switched where others could open it, failed "database is locked" about
 * once in a hundred starts (tests/e2e/t0170).  So it is tried again every
 * 10 ms, within the busy timeout, until the file is in WAL mode (set by
 * this tool or another).  A file system without WAL support leaves the
 * mode as it was without an error: after a second of that the file is
 * used as it is, as before.
 */
static int
to_wal(struct smk_db *db, int timeout_ms, struct smk_err *err)
{
	int waited = 0, rc;

	for (;;) {
		rc = sqlite3_exec(db->h, "PRAGMA journal_mode = WAL", NULL,
		    NULL, NULL);
		if (rc == SQLITE_OK && (is_wal(db) || waited >= 1000))
			return 0;
		if ((rc != SQLITE_OK && (rc & 0xff) != SQLITE_BUSY) ||
		    waited >= timeout_ms) {
			char buf[512];

			return smk_err_set(err, SMK_EXIT_FAILURE, db->path, 0,
			    NULL, "%s", reason(db, NULL, buf, sizeof(buf)));
		}
		sqlite3_sleep(10);
		waited += 10;
	}
}

/*
 * Opens path as an immutable SQLite URI (no locks, no -shm): for a reader
 * that cannot write next to the file.  Should a writer change the file
 * meanwhile, the reader may see an inconsistent state: it is told so.
 */
static int
open_immutable(struct smk_db *db, const char *path, int flags,
    struct smk_err *err)
{
	struct smk_buf uri = {0};
	const char *p;
	int r = 0;

	smk_buf_adds(&uri, "file:");
	for (p = path; *p != '\0'; p++) {
		if (*p == '%' || *p == '?' || *p == '#')
			smk_buf_printf(&uri, "%%%02X", (unsigned char)*p);
		else
			smk_buf_addc(&uri, *p);
	}
	smk_buf_adds(&uri, "?immutable=1");
	db->immutable = 1;
	if (sqlite3_open_v2(uri.s, &db->h, flags | SQLITE_OPEN_URI, NULL) !=
	    SQLITE_OK ||
	    exec(db, "SELECT count(*) FROM sqlite_master", err) < 0)
		r = dberr(db, err, "cannot read database");
	smk_buf_free(&uri);
	return r;
}

/*
 * A writer that cannot write the file: SQLite then opens it read-only
 * and fails later ("unable to open database file" for the -shm of a WAL
 * file on a read-only file system).  sqlite_msg, when not NULL, is
 * SQLite's word for it.
 */
static int
readonly_err(struct smk_db *db, const char *sqlite_msg, struct smk_err *err)
{
	struct statvfs fs;

	if (statvfs(db->path, &fs) == 0 && (fs.f_flag & ST_RDONLY))
		return smk_err_set(err, SMK_EXIT_FAILURE, db->path, 0, NULL,
		    "cannot write the database (a read-only file system)");
	return smk_err_set(err, SMK_EXIT_FAILURE, db->path, 0, NULL,
	    "cannot write the database (a read-only file or directory)%s%s",
	    sqlite_msg ? ": " : "", sqlite_msg ? sqlite_msg : "");
}

const char *
smk_db_path(const char *opt)
{
	const char *env;

	if (opt != NULL && *opt != '\0')
		return opt;
	env = getenv("SMK_DB");
	if (env != NULL && *env != '\0')
		return env;
	return "smk.db";
}

int
smk_db_schema_version(void)
{
	return NMIGRATIONS;
}

/*
 * Closes the connection.  One whose file has moved (was removed, and
 * perhaps made anew by another run) leaves the -wal and -shm names alone:
 * SQLite would otherwise checkpoint into, truncate and delete them by
 * name, and they may be the new file's by now.
 */
static void
close_conn(struct smk_db *db)
{
	int on = 1;

	if (db->h == NULL)
		return;
	if (moved(db)) {
		sqlite3_db_config(db->h, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1,
		    (int *)NULL);
		sqlite3_file_control(db->h, "main", SQLITE_FCNTL_PERSIST_WAL,
		    &on);
	}
	sqlite3_close(db->h);
	db->h = NULL;
}

/* Every statement of the connection finalized, a transaction rolled
 * back. */
static void
finalize_all(struct smk_db *db)
{
	int i;

	for (i = 0; i < ST_COUNT; i++) {
		sqlite3_finalize(db->st[i]);
		db->st[i] = NULL;
	}
	for (i = 0; i < SMK_DB_GROUP; i++) {
		sqlite3_finalize(db->many_leads[i]);
		sqlite3_finalize(db->many_touches[i]);
		db->many_leads[i] = db->many_touches[i] = NULL;
	}
	for (i = 0; db->qc != NULL && i < QCACHE; i++)
		sqlite3_finalize(db->qc[i].s);
	free(db->qc);
	db->qc = NULL;
	if (db->in_tx || db->snapshot)
		sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
	db->in_tx = 0;
	db->snapshot = 0;
	db->has_runset = 0;
}

/* The connection closed; db keeps its path and mode for connect_db(). */
static void
disconnect(struct smk_db *db)
{
	finalize_all(db);
	close_conn(db);
}

static void
unlink_with(const char *path, const char *suffix)
{
	char *name = sqlite3_mprintf("%s%s", path, suffix);

	if (name != NULL)
		unlink(name);
	sqlite3_free(name);
}

/*
 * Makes the file at db->path, whole: migrated and in WAL mode in a file
 * of its own next to it, then linked to the path, which fails if another
 * run made one first.  Other runs never see a file being made: their
 * first read is in WAL mode, and in WAL mode a connection that has read
 * the file holds a shared lock until it closes, which discard_new()
 * counts on.  Where the file system has no hard links, the file is made
 * in place, as a file this run did not make (never removed).
 */
static int
create_new(struct smk_db *db, struct smk_err *err)
{
	struct smk_db tmp;
	struct stat st;
	char *name;
	int fd, r = -1;

	memset(&tmp, 0, sizeof(tmp));
	name = sqlite3_mprintf("%s.new-XXXXXX", db->path);
	if (name == NULL)
		return smk_err_set(err, SMK_EXIT_FAILURE, db->path, 0, NULL,
		    "out of memory");
	/* It holds personal data: created 0600 whatever the umask. */
	if ((fd = mkstemp(name)) < 0) {
		smk_err_set(err, SMK_EXIT_FAILURE, db->path, 0, NULL,
		    "cannot create database: %s", strerror(errno));
		sqlite3_free(name);
		return -1;
	}
	if (fstat(fd, &st) != 0) {
		smk_err_set(err, SMK_EXIT_FAILURE, db->path, 0, NULL,
		    "cannot create database: %s", strerror(errno));
		close(fd);
		goto done;
	}
	close(fd);
	tmp.path = db->path;    /* for messages */
	tmp.mode = SMK_DB_WRITE;
	if (sqlite3_open_v2(name, &tmp.h, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
		dberr(&tmp, err, "cannot create database");
		goto done;
	}
	sqlite3_extended_result_codes(tmp.h, 1);
	/* the migrations are written to the file itself (no WAL yet), and
	 * the switch to WAL too: the close leaves no -wal behind */
	if (exec(&tmp, "PRAGMA foreign_keys = ON", err) < 0 ||
	    migrate(&tmp, err) != 0 || to_wal(&tmp, db->timeout, err) < 0)
		goto done;
	if (sqlite3_close(tmp.h) != SQLITE_OK) {
		dberr(&tmp, err, "cannot create database");
		goto done;
	}
	tmp.h = NULL;
	if (link(name, db->path) == 0) {
		db->created = 1;
		db->dev = st.st_dev;
		db->ino = st.st_ino;
	} else if (errno != EEXIST) {
		/* no hard links on this file system */
		if ((fd = open(db->path, O_WRONLY | O_CREAT | O_EXCL,
		    0600)) >= 0)
			close(fd);
		else if (errno != EEXIST) {
			smk_err_set(err, SMK_EXIT_FAILURE, db->path, 0, NULL,
			    "cannot create database: %s", strerror(errno));
			goto done;
		}
	}
	/* EEXIST: another run made it first, and this run uses it */
	r = 0;
done:
	sqlite3_close(tmp.h);
	unlink(name);
	unlink_with(name, "-wal");
	unlink_with(name, "-shm");
	unlink_with(name, "-journal");
	sqlite3_free(name);
	return r;
}

/*
 * Opens db->path: creates it for a writer, reads it once, migrates it,
 * switches a writer to WAL.  0, -1 with err, or MOVED when the file was
 * removed meanwhile (the caller disconnects and calls again).
 */
static int
connect_db(struct smk_db *db, struct smk_err *err)
{
	const char *path = db->path;
	struct stat st;
	int flags, r;

	db->created = 0;
	db->committed = 0;
	db->immutable = 0;
	if (lstat(path, &st) != 0) {
		if (db->mode == SMK_DB_READ)
			return smk_err_set(err, SMK_EXIT_FAILURE, path, 0,
			    NULL, "no such database (import leads first, or "
			    "use -d FILE)");
		if (errno != ENOENT)
			return smk_err_set(err, SMK_EXIT_FAILURE, path, 0,
			    NULL, "cannot create database: %s",
			    strerror(errno));
		if (create_new(db, err) < 0)
			return -1;
	} else if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
		/* SQLite's own word for a directory is "disk I/O error", and
		 * a device it would open as an empty database */
		return smk_err_set(err, SMK_EXIT_FAILURE, path, 0, NULL,
		    "cannot open database: %s", S_ISDIR(st.st_mode) ?
		    strerror(EISDIR) : "not a regular file");
	}
	/* Reports open read-only: a reader may have no right to write the
	 * file or its directory, and must not need it. */
	flags = (db->mode == SMK_DB_READ ? SQLITE_OPEN_READONLY :
	    SQLITE_OPEN_READWRITE) | SQLITE_OPEN_NOMUTEX;
	/* a failed first run may remove a file between the look and the
	 * open: then look again */
	if (sqlite3_open_v2(path, &db->h, flags, NULL) != SQLITE_OK)
		return lstat(path, &st) != 0 && errno == ENOENT ? MOVED :
		    dberr(db, err, "cannot open database");
	/* SQLite opens a file it may not write read-only, without a word */
	if (db->mode == SMK_DB_WRITE &&
	    sqlite3_db_readonly(db->h, "main") == 1)
		return moved(db) ? MOVED : readonly_err(db, NULL, err);
	sqlite3_extended_result_codes(db->h, 1);
	sqlite3_busy_timeout(db->h, db->timeout);
	/*
	 * WAL lets readers (reports) run while an import writes; NORMAL
	 * synchronous is durable against a crashed process in WAL mode, and
	 * only the last commits may be lost on a power cut.  In WAL mode
	 * this first read holds a lock until the connection closes, which
	 * keeps a failed first run from removing the file (discard_new):
	 * from here on the file stays if it has not moved yet.
	 */
	r = exec(db, "SELECT count(*) FROM sqlite_master", err);
	if (moved(db))
		return MOVED;
	/* the file a run that did not create it may remove (discard_new) */
	if (!db->created && stat(path, &st) == 0) {
		db->dev = st.st_dev;
		db->ino = st.st_ino;
	}
	if (r < 0) {
		int code = sqlite3_errcode(db->h) & 0xff;

		/* A WAL file is read through a -shm file next to it, which a
		 * reader without write access to the directory cannot make:
		 * it reads the file as it is on disk instead. */
		if (db->mode == SMK_DB_READ &&
		    (code == SQLITE_READONLY || code == SQLITE_CANTOPEN)) {
			close_conn(db);
			return open_immutable(db, path, flags, err) < 0 ? -1 :
			    migrate(db, err);
		}
		/* "file is not a database" and friends */
		if (code == SQLITE_NOTADB)
			smk_err_set(err, SMK_EXIT_FAILURE, path, 0, NULL,
			    "not an smk database: %s", sqlite3_errmsg(db->h));
		else if (code == SQLITE_READONLY)
			readonly_err(db, sqlite3_errmsg(db->h), err);
		return -1;
	}
	/* A writing command migrates an older file forward; a report opens
	 * read-only and asks for one (it cannot write).  A newer file is
	 * refused before anything, even the journal mode, is changed. */
	if (exec(db, "PRAGMA foreign_keys = ON", err) < 0)
		return -1;
	if ((r = migrate(db, err)) != 0)
		return r;
	/*
	 * Switching to WAL needs a lock another writer may hold: only a
	 * new file needs it, once.  secure_delete: a deleted or rewritten
	 * value is zeroed where it stood, not left in the page's free
	 * space, so that handoff forget leaves no copy behind (Debian's
	 * SQLite does so by default, upstream's does not).
	 */
	if (db->mode == SMK_DB_WRITE && ((!is_wal(db) &&
	    to_wal(db, db->timeout, err) < 0) ||
	    exec(db, "PRAGMA synchronous = NORMAL", err) < 0 ||
	    exec(db, "PRAGMA secure_delete = ON", err) < 0))
		return -1;
	return 0;
}

/* connect_db() until the path's file holds still. */
static int
connect_still(struct smk_db *db, struct smk_err *err)
{
	int r, tries;

	for (tries = 0; (r = connect_db(db, err)) == MOVED; tries++) {
		disconnect(db);
		if (tries == MAX_MOVES)
			return smk_err_set(err, SMK_EXIT_FAILURE, db->path, 0,
			    NULL, "the database file was removed while it "
			    "was opened, %d times", MAX_MOVES + 1);
	}
	return r;
}

int
smk_db_open(struct smk_db **out, const char *path, int mode,
    struct smk_err *err)
{
	struct smk_db *db;
	const char *env;
	int bulk = 0;

	*out = NULL;
	if (mode == SMK_DB_BULK) {
		bulk = 1;
		mode = SMK_DB_WRITE;
	}
	db = smk_xcalloc(1, sizeof(*db));
	db->path = smk_xstrdup(path);
	db->mode = mode;
	db->bulk = bulk;
	db->timeout = BUSY_TIMEOUT_MS;
	if ((env = getenv("SMK_BUSY_TIMEOUT")) != NULL && *env != '\0')
		db->timeout = atoi(env);
	/* Global memory statistics cost a mutex and counters on every
	 * allocation; nothing reads them.  Only possible before SQLite's
	 * first initialization, so later calls fail harmlessly. */
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
	if (connect_still(db, err) < 0) {
		smk_db_close(db);
		return -1;
	}
	/*
	 * A report runs many queries (a dozen for campaign-report, more for
	 * joint-kpi); each on its own would see the commits made since the
	 * one before, and a report read while an import or handoff apply
	 * committed mixed the two moments: the lead count from before the
	 * import and its touches from after, a won count without its
	 * revenue (tests/e2e/t0610).  One read transaction, open until
	 * smk_db_close(), shows every query the database as one commit left
	 * it; in WAL mode writers go on meanwhile.
	 */
	if (mode == SMK_DB_READ) {
		if (exec(db, "BEGIN", err) == 0)
			db->snapshot = 1;
		if (!db->snapshot || exec(db, "SELECT count(*) FROM "
		    "sqlite_master", err) < 0) {
			smk_db_close(db);
			return -1;
		}
	}
	*out = db;
	return 0;
}

/*
 * The rows a new file holds after its migrations (schema.sql's default
 * SLA): with nothing else in it, a file holds no data.
 */
static const char fresh_settings[] =
    "(name = 'sla_hours' AND value = '24')";

/* 1 when no table holds data, 0 when one does or that is not known. */
static int
holds_no_data(struct smk_db *db)
{
	sqlite3_stmt *tables, *s;
	char *q;
	int r = 1;

	if (sqlite3_prepare_v2(db->h, "SELECT name FROM sqlite_master "
	    "WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'",
	    -1, &tables, NULL) != SQLITE_OK)
		return 0;
	while (r == 1 && sqlite3_step(tables) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(tables,
		    0);

		q = sqlite3_mprintf("SELECT EXISTS (SELECT 1 FROM \"%w\"%s%s)",
		    name, strcmp(name, "settings") == 0 ? " WHERE NOT " : "",
		    strcmp(name, "settings") == 0 ? fresh_settings : "");
		if (q == NULL || sqlite3_prepare_v2(db->h, q, -1, &s, NULL) !=
		    SQLITE_OK)
			r = 0;
		else {
			if (sqlite3_step(s) != SQLITE_ROW ||
			    sqlite3_column_int(s, 0) != 0)
				r = 0;
			sqlite3_finalize(s);
		}
		sqlite3_free(q);
	}
	if (sqlite3_finalize(tables) != SQLITE_OK)
		r = 0;
	return r;
}

/*
 * A run that created the file and committed nothing leaves nothing
 * behind: the file, its -wal and its -shm are removed.  Other runs may
 * have the file open, so only when all of this holds:
 * - an exclusive lock on the file itself: in WAL mode every other
 *   connection that has read the file holds a shared lock until it
 *   closes, so none has; one that opened it and has not read yet waits
 *   for the lock, and once it has it finds the file moved (connect_db(),
 *   smk_db_begin()) and opens the path anew;
 * - the path still names the file this run opened (same device and
 *   inode) and this connection has it open;
 * - no table holds data (another run may have written and closed).
 * The -wal and -shm go first: no connection of this file can open them
 * anew while the lock is held, and a new file at the path (after the
 * unlink) must not find them.  SQLite is then told to leave their names
 * alone at the close (close_conn()).
 *
 * When other runs have the file open, the run that created it cannot
 * know how long they keep it (a slow machine, or one under valgrind,
 * takes seconds to fail), so it marks the file as left by a failed first
 * run (DISCARD_MARK in the header's application id) and waits
 * DISCARD_WAIT_MS for them; if they are still there, the last of them to
 * close it without committing anything removes it, under the same rules.
 * A run that commits to the file clears the mark (smk_db_begin()), and
 * the file stays.
 */

/* Tries the removal, waiting up to ms for the exclusive lock: 0 when the
 * lock could not be had (other runs have the file open), 1 when it was
 * removed, or kept for good (data, moved, or an error). */
static int
try_discard(struct smk_db *db, int ms)
{
	struct stat st;

	sqlite3_busy_timeout(db->h, ms);
	if (sqlite3_exec(db->h, "PRAGMA locking_mode = EXCLUSIVE", NULL, NULL,
	    NULL) != SQLITE_OK)
		return 1;
	if (sqlite3_exec(db->h, "BEGIN EXCLUSIVE", NULL, NULL, NULL) !=
	    SQLITE_OK) {
		sqlite3_exec(db->h, "PRAGMA locking_mode = NORMAL", NULL, NULL,
		    NULL);
		return 0;
	}
	if (!moved(db) && stat(db->path, &st) == 0 && st.st_dev == db->dev &&
	    st.st_ino == db->ino && is_wal(db) && holds_no_data(db)) {
		unlink_with(db->path, "-wal");
		unlink_with(db->path, "-shm");
		unlink(db->path);
	}
	sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
	return 1;
}

/* The header's application id: DISCARD_MARK on a file a failed first run
 * left to the runs that had it open; -1 when it cannot be read. */
static int
app_id(struct smk_db *db)
{
	sqlite3_stmt *s;
	int id = -1;

	if (sqlite3_prepare_v2(db->h, "PRAGMA application_id", -1, &s,
	    NULL) == SQLITE_OK && sqlite3_step(s) == SQLITE_ROW)
		id = sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	return id;
}

/* Marks the file for the runs that have it open (see above). */
static void
mark_discard(struct smk_db *db)
{
	sqlite3_busy_timeout(db->h, DISCARD_WAIT_MS);
	if (sqlite3_exec(db->h, "BEGIN IMMEDIATE", NULL, NULL, NULL) !=
	    SQLITE_OK)
		return;
	if (moved(db) || sqlite3_exec(db->h, "PRAGMA application_id = "
	    NUMBER_TEXT(DISCARD_MARK), NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_exec(db->h, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
		sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
}

static void
discard_new(struct smk_db *db)
{
	if (db->h == NULL || db->committed || db->mode != SMK_DB_WRITE)
		return;
	if (db->created) {
		if (try_discard(db, 0))
			return;
		mark_discard(db);
	} else if (app_id(db) != DISCARD_MARK)
		return;
	try_discard(db, DISCARD_WAIT_MS);
}

void
smk_db_close(struct smk_db *db)
{
	if (db == NULL)
		return;
	finalize_all(db);
	discard_new(db);
	close_conn(db);
	free(db->path);
	free(db);
}

/* Foreign key checks back on, as the file was opened, after a bulk
 * write transaction; nothing written depends on it, so a failure is
 * ignored. */
static void
foreign_keys_on(struct smk_db *db)
{
	if (db->bulk)
		sqlite3_exec(db->h, "PRAGMA foreign_keys = ON", NULL, NULL,
		    NULL);
}

/*
 * A bulk write transaction (SMK_DB_BULK: lead-import's import, handoff
 * apply) runs without SQLite's foreign key checks (they can only be
 * switched outside one): every lead id those write (touches, events,
 * owner changes) is one the same transaction has just looked up or
 * inserted, and every batch id its own, so the checks would find nothing,
 * at about a tenth of the instructions of an insert (a look-up in leads
 * and one in batches per row written; README.md, "handoff at scale").
 * t0190, t0330 and t0350 run foreign_key_check after imports of each
 * kind and applied exports.  Every other writer keeps the checks (t0360
 * shows which run with them).
 *
 * A file removed by a failed first run (discard_new) while this one
 * waited is found moved under the write lock: this run then opens the
 * path anew, so that what it writes is not lost with the old file.  A
 * file such a run left marked for removal is unmarked.
 * What the connection held (statements, the run set, pragmas set
 * through smk_db_exec) starts afresh; callers begin before using them.
 */
int
smk_db_begin(struct smk_db *db, struct smk_err *err)
{
	int tries;

	for (tries = 0;; tries++) {
		if (db->bulk && exec(db, "PRAGMA foreign_keys = OFF",
		    err) < 0)
			return -1;
		/* IMMEDIATE: take the write lock now, waiting for other
		 * writers, instead of failing half-way when a read lock
		 * cannot be upgraded. */
		if (exec(db, "BEGIN IMMEDIATE", err) < 0) {
			foreign_keys_on(db);
			return -1;
		}
		if (!moved(db))
			break;
		sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
		disconnect(db);
		if (tries == MAX_MOVES)
			return smk_err_set(err, SMK_EXIT_FAILURE, db->path, 0,
			    NULL, "the database file was removed while it "
			    "was opened, %d times", MAX_MOVES + 1);
		if (connect_still(db, err) < 0)
			return -1;
	}
	db->in_tx = 1;
	/* what this run commits keeps the file: the mark of a failed first
	 * run goes (discard_new), with the rest if it rolls back */
	if (app_id(db) == DISCARD_MARK &&
	    exec(db, "PRAGMA application_id = 0", err) < 0) {
		smk_db_rollback(db);
		return -1;
	}
	return 0;
}

int
smk_db_commit(struct smk_db *db, struct smk_err *err)
{
	if (exec(db, "COMMIT", err) < 0) {
		smk_db_rollback(db);
		return -1;
	}
	db->in_tx = 0;
	db->committed = 1;
	foreign_keys_on(db);
	return 0;
}

void
smk_db_rollback(struct smk_db *db)
{
	if (db->in_tx)
		sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
	db->in_tx = 0;
	foreign_keys_on(db);
}

int
smk_db_checkpoint(struct smk_db *db, struct smk_err *err)
{
	int log = 0, done = 0, rc;

	rc = sqlite3_wal_checkpoint_v2(db->h, "main",
	    SQLITE_CHECKPOINT_TRUNCATE, &log, &done);
	if ((rc & 0xff) == SQLITE_BUSY)
		return 1;
	if (rc != SQLITE_OK)
		return dberr(db, err, "cannot checkpoint");
	return log > 0;
}

/* For the import's bulk path (bulk.c), which runs its own statements. */
struct sqlite3 *
smk_db_sqlite(struct smk_db *db)
{
	return db->h;
}

int
smk_db_setting_get(struct smk_db *db, const char *name, char **val,
    struct smk_err *err)
{
	sqlite3_stmt *s = stmt(db, ST_SETTING_GET, err);
	int rc;

	*val = NULL;
	if (s == NULL)
		return -1;
	sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*val = smk_xstrdup((const char *)sqlite3_column_text(s, 0));
	sqlite3_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return dberr(db, err, "cannot read setting");
	return 0;
}

int
smk_db_setting_set(struct smk_db *db, const char *name, const char *val,
    struct smk_err *err)
{
	sqlite3_stmt *s = stmt(db, ST_SETTING_SET, err);

	if (s == NULL)
		return -1;
	sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, val, -1, SQLITE_STATIC);
	return step_done(db, s, err);
}

/* ------------------------------------------------------------- leads */

void
smk_lead_clear(struct smk_lead *l)
{
	int i;

	free(l->key);
	for (i = 0; i < SMK_F_COUNT; i++)
		free(l->f[i]);
	free(l->owner);
	free(l->extra);
	memset(l, 0, sizeof(*l));
}

static char *
col_text(sqlite3_stmt *s, int i)
{
	const unsigned char *t = sqlite3_column_text(s, i);

	return t ? smk_xstrdup((const char *)t) : NULL;
}

/* Order of the text fields in LEAD_COLS after id and key. */
static const int lead_text_fields[] = {
	SMK_F_EMAIL, SMK_F_FIRST_NAME, SMK_F_LAST_NAME, SMK_F_COMPANY,
	SMK_F_TITLE, SMK_F_PHONE, SMK_F_COUNTRY, SMK_F_SOURCE, SMK_F_CAMPAIGN,
	SMK_F_CHANNEL
};
#define NTEXT ((int)(sizeof(lead_text_fields) / sizeof(lead_text_fields[0])))

static int
lead_row(struct smk_db *db, sqlite3_stmt *s, struct smk_lead *l,
    struct smk_err *err)
{
	int rc = sqlite3_step(s), i;

	smk_lead_clear(l);
	if (rc == SQLITE_DONE) {
		sqlite3_reset(s);
		return 0;
	}
	if (rc != SQLITE_ROW) {
		dberr(db, err, "cannot read lead");
		sqlite3_reset(s);
		return -1;
	}
	l->id = sqlite3_column_int64(s, 0);
	l->key = col_text(s, 1);
	for (i = 0; i < NTEXT; i++)
		l->f[lead_text_fields[i]] = col_text(s, 2 + i);
	l->created_at = sqlite3_column_int64(s, 12);
	l->updated_at = sqlite3_column_int64(s, 13);
	l->score = (long)sqlite3_column_int64(s, 14);
	l->stage = smk_stage_lookup((const char *)sqlite3_column_text(s, 15));
	l->stage_at = sqlite3_column_int64(s, 16);
	l->owner = col_text(s, 17);
	l->extra = col_text(s, 18);
	l->sales_sourced = sqlite3_column_int(s, 19);
	l->seen_at = sqlite3_column_int64(s, 20);
	sqlite3_reset(s);
	return 1;
}

int
smk_db_lead_get(struct smk_db *db, const char *key, struct smk_lead *l,
    struct smk_err *err)
{
	sqlite3_stmt *s = stmt(db, ST_LEAD_GET, err);

	if (s == NULL)
		return -1;
	sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
	return lead_row(db, s, l, err);
}

int
smk_db_lead_by_id(struct smk_db *db, int64_t id, struct smk_lead *l,
    struct smk_err *err)
{
	sqlite3_stmt *s = stmt(db, ST_LEAD_BY_ID, err);

	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	return lead_row(db, s, l, err);
}

int
smk_db_lead_find(struct smk_db *db, const char *ref, int allow_id,
    struct smk_lead *l, struct smk_err *err)
{
	sqlite3_stmt *s;
	const char *p;
	int r, rc;

	/* the key first: an external id that happens to be all digits is
	 * not taken for another lead's internal id */
	if ((r = smk_db_lead_get(db, ref, l, err)) != 0)
		return r;
	for (p = ref; *p >= '0' && *p <= '9'; p++)
		;
	if (allow_id && *ref != '\0' && *p == '\0' && p - ref < 19) {
		if ((s = stmt(db, ST_LEAD_BY_ID, err)) == NULL)
			return -1;
		sqlite3_bind_int64(s, 1, strtoll(ref, NULL, 10));
		if ((r = lead_row(db, s, l, err)) != 0)
			return r;
	}
	if ((s = stmt(db, ST_LEAD_BY_EMAIL, err)) == NULL)
		return -1;
	sqlite3_bind_text(s, 1, ref, -1, SQLITE_STATIC);
	if ((r = lead_row(db, s, l, err)) == 0 && strchr(ref, '@') != NULL) {
		/* an email as typed ("Ann@Example.com "): as it is stored */
		struct smk_buf norm = {0};
		const char *why;

		if (smk_norm_email(ref, &norm, &why) == 0 &&
		    strcmp(norm.s, ref) != 0)
			r = smk_db_lead_find(db, norm.s, 0, l, err);
		smk_buf_free(&norm);
		return r;
	}
	if (r != 1)
		return r;
	/* two leads with this email (one keyed by email, one by an
	 * external id): refuse to guess */
	sqlite3_bind_text(s, 1, ref, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		rc = sqlite3_step(s);
	sqlite3_reset(s);
	if (rc == SQLITE_ROW) {
		smk_err_set(err, SMK_EXIT_FINDINGS, NULL, 0, NULL,
		    "%s is the email of more than one lead; name it by its "
		    "key or id", ref);
		return 2;
	}
	return 1;
}

/* l's fields and times as parameters at + 2 .. at + 17 (the numbering
 * of ST_LEAD_INSERT and ST_LEAD_UPDATE; at is 0 but in a multi-row
 * insert). */
static void
bind_lead_fields(sqlite3_stmt *s, int at, const struct smk_lead *l)
{
	int i;

	for (i = 0; i < NTEXT; i++)
		bind_text(s, at + 2 + i, l->f[lead_text_fields[i]]);
	sqlite3_bind_int64(s, at + 12, l->created_at);
	sqlite3_bind_int64(s, at + 13, l->updated_at);
	bind_text(s, at + 14, l->extra);
	sqlite3_bind_int64(s, at + 17, l->seen_at);
}

/* A new lead as ST_LEAD_INSERT's parameters, at + 1 .. at + 17. */
static void
bind_new_lead(sqlite3_stmt *s, int at, const struct smk_lead *l,
    int64_t batch_id)
{
	sqlite3_bind_text(s, at + 1, l->key, -1, SQLITE_STATIC);
	bind_lead_fields(s, at, l);
	sqlite3_bind_int(s, at + 15, l->sales_sourced);
	bind_ref(s, at + 16, batch_id);
}

int
smk_db_lead_insert(struct smk_db *db, struct smk_lead *l, int64_t batch_id,
    struct smk_err *err)
{
	sqlite3_stmt *s = stmt(db, ST_LEAD_INSERT, err);

	if (s == NULL)
		return -1;
	bind_new_lead(s, 0, l, batch_id);
	if (step_done(db, s, err) < 0)
		return -1;
	l->id = sqlite3_last_insert_rowid(db->h);
	l->stage = SMK_ST_LEAD;
	l->stage_at = l->created_at;
	return 0;
}

/*
 * A statement that writes n rows at once ("INSERT ... VALUES (...),
 * (...)"), prepared on first use and kept: per row it saves SQLite the
 * statement's set-up, cursors and journal savepoint, about a quarter of
 * the instructions of one insert a row (callgrind).  head names the
 * columns; row[] gives, per column, the number of the row's parameter
 * (1 .. per_row) that goes there, or 0 for the literal lit.
 */
static sqlite3_stmt *
many(struct smk_db *db, sqlite3_stmt **cache, size_t n, const char *head,
    const int *row, size_t nrow, int per_row, const char *lit,
    struct smk_err *err)
{
	struct smk_buf b = {0};
	sqlite3_stmt *s = cache[n - 1];
	size_t i, k;

	if (s != NULL) {
		sqlite3_reset(s);
		return s;
	}
	smk_buf_adds(&b, head);
	for (i = 0; i < n; i++) {
		smk_buf_adds(&b, i > 0 ? ", (" : " VALUES (");
		for (k = 0; k < nrow; k++) {
			if (k > 0)
				smk_buf_adds(&b, ", ");
			if (row[k] == 0)
				smk_buf_adds(&b, lit);
			else
				smk_buf_printf(&b, "?%d",
				    (int)i * per_row + row[k]);
		}
		smk_buf_addc(&b, ')');
	}
	if (sqlite3_prepare_v3(db->h, b.s, -1, SQLITE_PREPARE_PERSISTENT, &s,
	    NULL) != SQLITE_OK)
		s = NULL;
	smk_buf_free(&b);
	if (s == NULL)
		dberr(db, err, "cannot prepare statement");
	return cache[n - 1] = s;
}

#define LEAD_PARAMS 18
/*
 * OR IGNORE, not ON CONFLICT DO NOTHING: a statement that may abort half
 * way through several rows makes SQLite copy every page it touches into a
 * statement journal first (a temporary file once past 64 KiB), a few
 * percent of an import's time.  Every value is one a constraint accepts,
 * so the only row ignored would be a lead whose key or id is taken: the
 * caller chose both as new, and a row count short of n is an error.
 * These two statements (and the ids chosen by the caller) are the place
 * where db.c leaves the SQL that SQLite and PostgreSQL share, on purpose
 * and for speed; a PostgreSQL backend would write ON CONFLICT DO NOTHING
 * and take the ids from its sequence.
 */
static const char lead_head[] = "INSERT OR IGNORE INTO leads (id, key, "
    "email, first_name, last_name, company, title, phone, country, source, "
    "campaign, channel, created_at, updated_at, stage, stage_at, extra, "
    "sales_sourced, batch_id, seen_at)";
/* the id, then ST_LEAD_INSERT's parameters shifted by one (bind_new_lead):
 * stage is 'lead' (0), stage_at is created_at (13) */
static const int lead_row_sql[] = {
	1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 0, 13, 15, 16, 17, 18
};

int
smk_db_leads_insert(struct smk_db *db, struct smk_lead *const *ls, size_t n,
    int64_t batch_id, struct smk_err *err)
{
	sqlite3_stmt *s;
	size_t i, k;
	int b;

	for (i = 0; i < n; i += k) {
		k = n - i < SMK_DB_GROUP ? n - i : SMK_DB_GROUP;
		if ((s = many(db, db->many_leads, k, lead_head, lead_row_sql,
		    sizeof(lead_row_sql) / sizeof(lead_row_sql[0]),
		    LEAD_PARAMS, "'lead'", err)) == NULL)
			return -1;
		for (b = 0; b < (int)k; b++) {
			const struct smk_lead *l = ls[i + (size_t)b];
			int p = b * LEAD_PARAMS;

			sqlite3_bind_int64(s, p + 1, l->id);
			bind_new_lead(s, p + 1, l, batch_id);
		}
		if (step_done(db, s, err) < 0)
			return -1;
		if ((size_t)sqlite3_changes(db->h) != k)
			return smk_err_set(err, SMK_EXIT_FAILURE, db->path, 0,
			    NULL, "%zu new leads written of %zu: a key or id "
			    "was taken", (size_t)sqlite3_changes(db->h), k);
	}
	return 0;
}

int
smk_db_lead_update(struct smk_db *db, const struct smk_lead *l,
    struct smk_err *err)
{
	sqlite3_stmt *s = stmt(db, ST_LEAD_UPDATE, err);

	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, l->id);
	bind_lead_fields(s, 0, l);
	return step_done(db, s, err);
}

int
smk_db_lead_set_score(struct smk_db *db, int64_t id, long score,
    struct smk_err *err)
{
	sqlite3_stmt *s = stmt(db, ST_LEAD_SCORE, err);

	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int64(s, 2, score);
	return step_done(db, s, err);
}

int
smk_db_lead_set_stage(struct smk_db *db, int64_t id, int stage, int64_t at,
    struct smk_err *err)
{
	sqlite3_stmt *s = stmt(db, ST_LEAD_STAGE, err);

	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_text(s, 2, smk_stage_name(stage), -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 3, at);
	return step_done(db, s, err);
}

/* ----------------------------------------------------------- touches */

int
smk_db_touch_add(struct smk_db *db, const struct smk_touch *t,
    int64_t batch_id, struct smk_err *err)
{
	sqlite3_stmt *s = stmt(db, ST_TOUCH_ADD, err);

	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, t->lead_id);
	bind_text(s, 2, t->campaign);
	bind_text(s, 3, t->channel);
	bind_text(s, 4, t->source);
	sqlite3_bind_int64(s, 5, t->at);
	sqlite3_bind_int64(s, 6, t->fp);
	if (batch_id > 0)
		sqlite3_bind_int64(s, 7, batch_id);
	if (step_done(db, s, err) < 0)
		return -1;
	return sqlite3_changes(db->h) > 0;
}

#define TOUCH_PARAMS 7
/* a touch already there is ignored (see lead_head for OR IGNORE) */
static const char touch_head[] = "INSERT OR IGNORE INTO touches (lead_id, "
    "campaign, channel, source, at, fp, batch_id)";
static const int touch_row_sql[] = { 1, 2, 3, 4, 5, 6, 7 };

int64_t
smk_db_touches_add(struct smk_db *db, const struct smk_touch *ts, size_t n,
    int64_t batch_id, struct smk_err *err)
{
	sqlite3_stmt *s;
	int64_t added = 0;
	size_t i, k;
	int b;

	for (i = 0; i < n; i += k) {
		k = n - i < SMK_DB_GROUP ? n - i : SMK_DB_GROUP;
		if ((s = many(db, db->many_touches, k, touch_head,
		    touch_row_sql, sizeof(touch_row_sql) /
		    sizeof(touch_row_sql[0]), TOUCH_PARAMS, NULL, err)) == NULL)
			return -1;
		for (b = 0; b < (int)k; b++) {
			const struct smk_touch *t = &ts[i + (size_t)b];
			int p = b * TOUCH_PARAMS;

			sqlite3_bind_int64(s, p + 1, t->lead_id);
			bind_text(s, p + 2, t->campaign);
			bind_text(s, p + 3, t->channel);
			bind_text(s, p + 4, t->source);
			sqlite3_bind_int64(s, p + 5, t->at);
			sqlite3_bind_int64(s, p + 6, t->fp);
			bind_ref(s, p + 7, batch_id);
		}
		if (step_done(db, s, err) < 0)
			return -1;
		added += sqlite3_changes(db->h);
	}
	return added;
}

int
smk_db_touch_counts(struct smk_db *db, int64_t lead_id,
    void (*cb)(void *ctx, const char *channel, long n), void *ctx,
    struct smk_err *err)
{
	sqlite3_stmt *s = stmt(db, ST_TOUCH_COUNTS, err);
	int rc;

	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, lead_id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		cb(ctx, (const char *)sqlite3_column_text(s, 0),
		    (long)sqlite3_column_int64(s, 1));
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return dberr(db, err, "cannot count touches");
	return 0;
}

/* ------------------------------------------------------------ events */

int
smk_db_event_add(struct smk_db *db, const struct smk_event *ev,
    int64_t batch_id, struct smk_err *err)
{
	sqlite3_stmt *s = stmt(db, ST_EVENT_ADD, err);

	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, ev->lead_id);
	sqlite3_bind_text(s, 2, smk_stage_name(ev->from), -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, smk_stage_name(ev->to), -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 4, ev->at);
	sqlite3_bind_text(s, 5, ev->actor, -1, SQLITE_STATIC);
	bind_text(s, 6, ev->reason);
	bind_text(s, 7, ev->note);
	if (ev->amount >= 0)
		sqlite3_bind_int64(s, 8, ev->amount);
	if (batch_id > 0)
		sqlite3_bind_int64(s, 9, batch_id);
	sqlite3_bind_int64(s, 10, smk_time_now());
	return step_done(db, s, err);
}

/* ----------------------------------------------------------- batches */

int
smk_db_batch_start(struct smk_db *db, const char *tool, const char *command,
    const char *file, const char *actor, int64_t *id, struct smk_err *err)
{
	sqlite3_stmt *s = stmt(db, ST_BATCH_START, err);

	if (s == NULL)
		return -1;
	sqlite3_bind_text(s, 1, tool, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, command, -1, SQLITE_STATIC);
	bind_text(s, 3, file);
	sqlite3_bind_text(s, 4, actor, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 5, smk_time_now());
	if (step_done(db, s, err) < 0)
		return -1;
	*id = sqlite3_last_insert_rowid(db->h);
	return 0;
}

int
smk_db_batch_finish(struct smk_db *db, int64_t id, const char *sha256,
    const struct smk_import_counts *n, struct smk_err *err)
{
	sqlite3_stmt *s = stmt(db, ST_BATCH_FINISH, err);

	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	bind_text(s, 2, sha256);
	sqlite3_bind_int64(s, 3, smk_time_now());
	sqlite3_bind_int64(s, 4, n->rows);
	sqlite3_bind_int64(s, 5, n->new_leads);
	sqlite3_bind_int64(s, 6, n->updated);
	sqlite3_bind_int64(s, 7, n->unchanged);
	sqlite3_bind_int64(s, 8, n->rejected);
	sqlite3_bind_int64(s, 9, n->mql);
	sqlite3_bind_int64(s, 10, n->touches);
	return step_done(db, s, err);
}

/* ------------------------------------------------------------ runset */

int
smk_db_runset_clear(struct smk_db *db, int set, struct smk_err *err)
{
	sqlite3_stmt *s;

	if (!db->has_runset) {
		if (exec(db, "CREATE TEMP TABLE IF NOT EXISTS runset ("
		    "set_no INTEGER NOT NULL, lead_id INTEGER NOT NULL, "
		    "flags INTEGER NOT NULL, PRIMARY KEY (set_no, lead_id))",
		    err) < 0)
			return -1;
		db->has_runset = 1;
	}
	if ((s = stmt(db, ST_RUNSET_CLEAR, err)) == NULL)
		return -1;
	sqlite3_bind_int(s, 1, set);
	return step_done(db, s, err);
}

int
smk_db_runset_add(struct smk_db *db, int set, int64_t lead_id, int flag,
    struct smk_err *err)
{
	sqlite3_stmt *s = stmt(db, ST_RUNSET_ADD, err);

	if (s == NULL)
		return -1;
	sqlite3_bind_int(s, 1, set);
	sqlite3_bind_int64(s, 2, lead_id);
	sqlite3_bind_int(s, 3, flag);
	return step_done(db, s, err);
}

int
smk_db_runset_each(struct smk_db *db, int set,
    int (*cb)(void *ctx, int64_t lead_id, int flags), void *ctx,
    struct smk_err *err)
{
	/*
	 * The callback may run other named statements, so this one gets a
	 * statement of its own rather than the shared cache slot being
	 * reset under it by a nested call.
	 */
	sqlite3_stmt *s;
	int rc, r = 0;

	if (sqlite3_prepare_v2(db->h, sql[ST_RUNSET_EACH], -1, &s, NULL) !=
	    SQLITE_OK)
		return dberr(db, err, "cannot read run set");
	sqlite3_bind_int(s, 1, set);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		r = cb(ctx, sqlite3_column_int64(s, 0),
		    sqlite3_column_int(s, 1));
		if (r != 0)
			break;
	}
	if (r == 0 && rc != SQLITE_DONE)
		r = dberr(db, err, "cannot read run set");
	sqlite3_finalize(s);
	return r;
}

int
smk_db_runset_keys(struct smk_db *db, int set,
    int (*key)(void *ctx, const char *key), void *ctx, struct smk_err *err)
{
	sqlite3_stmt *s;
	int rc, r = 0;

	if (sqlite3_prepare_v2(db->h, "SELECT l.key FROM temp.runset r "
	    "JOIN leads l ON l.id = r.lead_id WHERE r.set_no = ?1 "
	    "ORDER BY r.lead_id", -1, &s, NULL) != SQLITE_OK)
		return dberr(db, err, "cannot read run set");
	sqlite3_bind_int(s, 1, set);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		if (key(ctx, (const char *)sqlite3_column_text(s, 0)) < 0) {
			r = -2;
			break;
		}
	if (r == 0 && rc != SQLITE_DONE)
		r = dberr(db, err, "cannot read run set");
	sqlite3_finalize(s);
	if (r == 0 && key(ctx, NULL) < 0)
		r = -2;
	return r;
}

/* ----------------------------------------------------- ad hoc queries */

/*
 * The other modules' SQL (handoff.c, metrics) runs through these: the
 * statement text is a static string owned by the caller's module, prepared
 * once per connection and cached by its address.
 */
struct smk_row {
	sqlite3_stmt *s;
};

static struct qcache *
qcache_of(struct smk_db *db)
{
	/* allocated on first use; finalized and freed by smk_db_close() */
	if (db->qc == NULL)
		db->qc = smk_xcalloc(QCACHE, sizeof(struct qcache));
	return db->qc;
}

static sqlite3_stmt *
qprepare(struct smk_db *db, const char *sqltext, struct smk_err *err)
{
	struct qcache *qc = qcache_of(db);
	int i;

	for (i = 0; i < QCACHE && qc[i].sql != NULL; i++)
		if (qc[i].sql == sqltext) {
			sqlite3_reset(qc[i].s);
			sqlite3_clear_bindings(qc[i].s);
			return qc[i].s;
		}
	if (i == QCACHE) {
		/* full: should not happen with a fixed set of statements */
		smk_err_set(err, SMK_EXIT_FAILURE, db->path, 0, NULL,
		    "statement cache full");
		return NULL;
	}
	if (sqlite3_prepare_v3(db->h, sqltext, -1, SQLITE_PREPARE_PERSISTENT,
	    &qc[i].s, NULL) != SQLITE_OK) {
		dberr(db, err, "cannot prepare statement");
		return NULL;
	}
	qc[i].sql = sqltext;
	return qc[i].s;
}

/* Binds the arguments described by fmt: t text (NULL or "" binds NULL),
 * i int64, n NULL. */
static void
qbind(sqlite3_stmt *s, const char *fmt, va_list ap)
{
	const int64_t *v;
	const char *t;
	int i;

	for (i = 1; *fmt != '\0'; fmt++, i++) {
		switch (*fmt) {
		case 't':
			t = va_arg(ap, const char *);
			bind_text(s, i, t);
			break;
		case 'i':
			sqlite3_bind_int64(s, i, va_arg(ap, int64_t));
			break;
		case 'd':
			sqlite3_bind_double(s, i, va_arg(ap, double));
			break;
		case 'p':
			if ((v = va_arg(ap, const int64_t *)) != NULL)
				sqlite3_bind_int64(s, i, *v);
			else
				sqlite3_bind_null(s, i);
			break;
		default:
			sqlite3_bind_null(s, i);
			break;
		}
	}
}

int
smk_db_select(struct smk_db *db, const char *sqltext,
    int (*cb)(void *ctx, const struct smk_row *row), void *ctx,
    struct smk_err *err, const char *fmt, ...)
{
	struct smk_row row;
	sqlite3_stmt *s;
	va_list ap;
	int rc, r = 0;

	if ((s = qprepare(db, sqltext, err)) == NULL)
		return -1;
	va_start(ap, fmt);
	qbind(s, fmt, ap);
	va_end(ap);
	row.s = s;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		if ((r = cb(ctx, &row)) != 0)
			break;
	if (r == 0 && rc != SQLITE_DONE)
		r = dberr(db, err, "query failed");
	sqlite3_reset(s);
	return r;
}

int
smk_db_exec(struct smk_db *db, const char *sqltext, struct smk_err *err,
    const char *fmt, ...)
{
	sqlite3_stmt *s;
	va_list ap;

	if ((s = qprepare(db, sqltext, err)) == NULL)
		return -1;
	va_start(ap, fmt);
	qbind(s, fmt, ap);
	va_end(ap);
	if (step_done(db, s, err) < 0)
		return -1;
	return sqlite3_changes(db->h);
}

int64_t
smk_db_last_id(struct smk_db *db)
{
	return sqlite3_last_insert_rowid(db->h);
}

const char *
smk_row_text(const struct smk_row *r, int i)
{
	return (const char *)sqlite3_column_text(r->s, i);
}

int64_t
smk_row_int(const struct smk_row *r, int i)
{
	return sqlite3_column_int64(r->s, i);
}

int
smk_row_isnull(const struct smk_row *r, int i)
{
	return sqlite3_column_type(r->s, i) == SQLITE_NULL;
}
