/* test_db.c — unit tests of the database file's life: who removes a new file, and who follows one that moved. */
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "smk.h"
#include "unit.h"

static char dir[512];

static const char *
at(const char *name)
{
	static char buf[4][640];
	static int i;

	i = (i + 1) % 4;
	snprintf(buf[i], sizeof(buf[i]), "%s/%s", dir, name);
	return buf[i];
}

static int
exists(const char *path)
{
	return access(path, F_OK) == 0;
}

/* The file and its -wal and -shm, as a count of those there. */
static int
files(const char *path)
{
	char buf[700];
	int n = exists(path);

	snprintf(buf, sizeof(buf), "%s-wal", path);
	n += exists(buf);
	snprintf(buf, sizeof(buf), "%s-shm", path);
	return n + exists(buf);
}

/* What the removal of a failed first run does (db.c, discard_new). */
static void
remove_all(const char *path)
{
	char buf[700];

	snprintf(buf, sizeof(buf), "%s-wal", path);
	unlink(buf);
	snprintf(buf, sizeof(buf), "%s-shm", path);
	unlink(buf);
	unlink(path);
}

/* Files left from making a new file ("a.db.new-XXXXXX"). */
static size_t
leftovers(void)
{
	glob_t g;
	size_t n;

	if (glob(at("*.new-*"), 0, NULL, &g) != 0)
		return 0;
	n = g.gl_pathc;
	globfree(&g);
	return n;
}

static struct smk_db *
open_db(const char *path, int mode)
{
	struct smk_db *db = NULL;
	struct smk_err err;

	smk_err_clear(&err);
	if (smk_db_open(&db, path, mode, &err) < 0)
		printf("# open %s: %s\n", path, err.msg);
	return db;
}

static int
set(struct smk_db *db, const char *name, const char *value)
{
	struct smk_err err;

	smk_err_clear(&err);
	if (smk_db_begin(db, &err) < 0 ||
	    smk_db_setting_set(db, name, value, &err) < 0 ||
	    smk_db_commit(db, &err) < 0) {
		printf("# set %s: %s\n", name, err.msg);
		return -1;
	}
	return 0;
}

/* The setting's value in the file at path, read by a new reader. */
static char *
get(const char *path, const char *name)
{
	struct smk_db *db = open_db(path, SMK_DB_READ);
	struct smk_err err;
	char *v = NULL;

	smk_err_clear(&err);
	if (db != NULL)
		smk_db_setting_get(db, name, &v, &err);
	smk_db_close(db);
	return v;
}

static void
check_setting(const char *path, const char *name, const char *want,
    const char *desc)
{
	char *v = get(path, name);

	CHECK_STR(v, want, desc);
	free(v);
}

static void
test_discard(void)
{
	struct smk_db *a, *b;
	struct smk_err err;
	FILE *f;

	/* created and nothing committed: gone, -wal and -shm too */
	a = open_db(at("a.db"), SMK_DB_WRITE);
	CHECK(a != NULL && files(at("a.db")) == 3,
	    "a new file is there while it is open, with -wal and -shm");
	smk_err_clear(&err);
	CHECK(smk_db_begin(a, &err) == 0, "a transaction on it");
	smk_db_rollback(a);
	smk_db_close(a);
	CHECK_INT(files(at("a.db")), 0, "rolled back and closed: nothing left");
	CHECK_INT(leftovers(), 0, "no file left from its making");

	/* a commit keeps it, even one that changed nothing */
	a = open_db(at("b.db"), SMK_DB_BULK);
	CHECK(set(a, "sla_hours", "24") == 0, "a commit of the default");
	smk_db_close(a);
	CHECK_INT(files(at("b.db")), 1, "a file a run committed to stays");

	/* another run wrote to it and closed: it stays, with the data */
	a = open_db(at("c.db"), SMK_DB_WRITE);
	b = open_db(at("c.db"), SMK_DB_WRITE);
	CHECK(set(b, "sla_hours", "9") == 0, "another run writes");
	smk_db_close(b);
	smk_db_close(a);
	check_setting(at("c.db"), "sla_hours", "9",
	    "a file another run wrote to stays, with its data");

	/* another run has it open: it stays (after a wait for the run) */
	a = open_db(at("d.db"), SMK_DB_WRITE);
	b = open_db(at("d.db"), SMK_DB_WRITE);
	smk_db_close(a);
	CHECK(exists(at("d.db")), "a file another run has open stays");
	CHECK(set(b, "sla_hours", "7") == 0, "and that run writes to it");
	smk_db_close(b);
	check_setting(at("d.db"), "sla_hours", "7", "what it wrote is there");

	/* the path names another file by now: both stay */
	a = open_db(at("e.db"), SMK_DB_WRITE);
	CHECK(rename(at("e.db"), at("e-old.db")) == 0, "the file moves away");
	f = fopen(at("e.db"), "w");
	CHECK(f != NULL && fputs("another file\n", f) >= 0 && fclose(f) == 0,
	    "another file at the path");
	smk_db_close(a);
	CHECK(exists(at("e-old.db")), "the moved file stays");
	CHECK(exists(at("e.db")), "the path's file stays");
}

/*
 * The runs that had a failed first run's file open when it gave up
 * waiting for them (a slow machine: db.c, discard_new): the last of them
 * to close it without a commit removes it; one that commits keeps it.
 */
static void
test_discard_later(void)
{
	struct smk_db *a, *b, *c;

	/* the creator fails while another run has the file open, and that
	 * run fails later */
	a = open_db(at("f.db"), SMK_DB_WRITE);
	b = open_db(at("f.db"), SMK_DB_BULK);
	CHECK(a != NULL && b != NULL, "two runs on a new file");
	smk_db_close(a);
	CHECK(exists(at("f.db")), "the creator fails: the file stays while "
	    "another run has it open");
	smk_db_close(b);
	CHECK_INT(files(at("f.db")), 0, "that run fails too: nothing left");

	/* three runs: the file stays until the last one closes */
	a = open_db(at("g.db"), SMK_DB_WRITE);
	b = open_db(at("g.db"), SMK_DB_WRITE);
	c = open_db(at("g.db"), SMK_DB_WRITE);
	smk_db_close(a);
	smk_db_close(b);
	CHECK(exists(at("g.db")), "a second run fails: the file stays while "
	    "a third has it open");
	smk_db_close(c);
	CHECK_INT(files(at("g.db")), 0, "the third fails: nothing left");
	CHECK_INT(leftovers(), 0, "no file left from its making");

	/* one of them commits, even nothing: the file stays for good */
	a = open_db(at("h.db"), SMK_DB_WRITE);
	b = open_db(at("h.db"), SMK_DB_WRITE);
	c = open_db(at("h.db"), SMK_DB_WRITE);
	smk_db_close(a);
	CHECK(set(b, "sla_hours", "24") == 0, "another run commits the "
	    "default");
	smk_db_close(b);
	smk_db_close(c);
	CHECK_INT(files(at("h.db")), 1, "a file a run committed to stays");
	a = open_db(at("h.db"), SMK_DB_WRITE);
	smk_db_close(a);
	CHECK_INT(files(at("h.db")), 1, "and a later run that commits "
	    "nothing leaves it");

	/* a report never removes a file: the last run to close this one is a
	 * report, and it stays (as it would for a report that opened the
	 * file while the creator waited) */
	a = open_db(at("i.db"), SMK_DB_WRITE);
	b = open_db(at("i.db"), SMK_DB_READ);
	c = open_db(at("i.db"), SMK_DB_WRITE);
	smk_db_close(a);
	smk_db_close(c);
	CHECK(exists(at("i.db")), "the writers fail while a report has it "
	    "open: it stays");
	smk_db_close(b);
	CHECK(exists(at("i.db")), "and the report leaves it");
}

static void
test_moved(void)
{
	struct smk_db *a, *b;

	/* removed while a writer had it open and had not begun: the writer
	 * writes to the path's new file, not to the removed one */
	a = open_db(at("m.db"), SMK_DB_WRITE);
	CHECK(a != NULL && set(a, "sla_hours", "3") == 0, "a file to remove");
	remove_all(at("m.db"));
	CHECK(set(a, "sla_weekdays", "1-5") == 0,
	    "a write after the file was removed");
	smk_db_close(a);
	check_setting(at("m.db"), "sla_weekdays", "1-5",
	    "lands in a new file at the path");
	check_setting(at("m.db"), "sla_hours", "24",
	    "which is new (the default SLA)");

	/* removed, and made anew by another run meanwhile: both writes are
	 * in the path's file */
	a = open_db(at("n.db"), SMK_DB_WRITE);
	remove_all(at("n.db"));
	b = open_db(at("n.db"), SMK_DB_WRITE);
	CHECK(set(b, "sla_hours", "6") == 0, "another run makes the file anew");
	CHECK(set(a, "sla_weekdays", "1-4") == 0,
	    "a write to the removed file");
	smk_db_close(a);
	smk_db_close(b);
	check_setting(at("n.db"), "sla_hours", "6",
	    "the other run's write is there");
	check_setting(at("n.db"), "sla_weekdays", "1-4",
	    "and this one's, in the same file");
}

/* A path that is no file: a clear message, nothing made next to it. */
static void
test_not_a_file(void)
{
	struct smk_db *db = NULL;
	struct smk_err err;
	char buf[1024];
	int mode;

	for (mode = SMK_DB_READ; mode <= SMK_DB_WRITE; mode++) {
		smk_err_clear(&err);
		CHECK(smk_db_open(&db, dir, mode, &err) < 0 && db == NULL &&
		    err.status == SMK_EXIT_FAILURE, "a directory is refused "
		    "(%s)", mode == SMK_DB_READ ? "read" : "write");
		smk_err_format(&err, buf, sizeof(buf));
		CHECK(strstr(buf, ": cannot open database: Is a directory") !=
		    NULL, "and says why: %s", buf);
	}
	CHECK(smk_db_open(&db, "/dev/null", SMK_DB_WRITE, &err) < 0 &&
	    strcmp(err.msg, "cannot open database: not a regular file") == 0,
	    "a device is refused");
	CHECK(!exists("/dev/null-wal") && !exists("/dev/null-shm"),
	    "and nothing is made next to it");
}

static void
cleanup(void)
{
	static const char *const names[] = {
		"b.db", "c.db", "d.db", "e.db", "e-old.db", "f.db", "g.db",
		"h.db", "i.db", "m.db", "n.db", NULL
	};
	int i;

	for (i = 0; names[i] != NULL; i++)
		remove_all(at(names[i]));
	rmdir(dir);
}

int
main(void)
{
	if (unit_scratch(dir, sizeof(dir), "test_db") < 0)
		return 1;
	setenv("SMK_BUSY_TIMEOUT", "5000", 1);
	test_discard();
	test_discard_later();
	test_moved();
	test_not_a_file();
	cleanup();
	printf("1..%d\n", unit_n);
	return unit_done();
}
