/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "memscape-recording"

#include "config.h"

#include "ms-recording-private.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ms-error.h"
#include "ms-kind.h"
#include "ms-snapshot-private.h"

/* --- reading a recording -------------------------------------------------
 *
 * Read-only, and everything a recording says is checked as a capture's text
 * is: counts are capped (MS_RECORDING_MAX_*), a row that cannot be a region
 * (end before start, unknown kind or permissions, a string past
 * MS_RECORDING_MAX_STRING) is left out, a counter larger than its region is
 * dropped, and a region overlapping the one before it is left out; each
 * counts as malformed, as in a capture. A file SQLite itself finds damaged
 * fails in one line. */

#define SQLITE_HEADER "SQLite format 3"   /* and its NUL: 16 bytes */

/* What SQLite says, on one line: its messages can quote a damaged file's
 * schema, line ends and all, at any length. */
static char *
one_line (const char *text)
{
  GString *line = g_string_new (NULL);

  for (const char *p = text != NULL ? text : ""; *p != '\0'; p++)
    {
      if (line->len >= 160)
        {
          g_string_append (line, "…");
          break;
        }
      /* Control characters and runs of spaces as one space. */
      if ((guchar) *p <= 0x20 || *p == 0x7f)
        {
          if (line->len > 0 && line->str[line->len - 1] != ' ')
            g_string_append_c (line, ' ');
        }
      else
        g_string_append_c (line, *p);
    }
  return g_string_free (line, FALSE);
}

gboolean
_ms_recording_fail_damaged (GError     **error,
                            const char  *display,
                            const char  *why)
{
  g_autofree char *shown = one_line (why);

  g_set_error (error, MS_ERROR, MS_ERROR_MALFORMED,
               _("Could not read the recording %s: it is damaged (%s)"), display, shown);
  return FALSE;
}

gboolean
_ms_recording_fail_sqlite (GError     **error,
                           sqlite3     *db,
                           int          code,
                           const char  *display)
{
  g_autofree char *why = one_line (db != NULL ? sqlite3_errmsg (db) : sqlite3_errstr (code));

  if ((code & 0xff) == SQLITE_NOTADB)
    {
      g_set_error (error, MS_ERROR, MS_ERROR_MALFORMED,
                   _("%s is not a Memscape recording: it is not an SQLite database"), display);
      return FALSE;
    }
  if ((code & 0xff) == SQLITE_CORRUPT || (code & 0xff) == SQLITE_ERROR || (code & 0xff) == SQLITE_MISMATCH ||
      (code & 0xff) == SQLITE_RANGE || (code & 0xff) == SQLITE_TOOBIG)
    return _ms_recording_fail_damaged (error, display, why);
  g_set_error (error, MS_ERROR, MS_ERROR_IO, _("Could not read the recording %s: %s"), display, why);
  return FALSE;
}

void
ms_recording_free (MsRecording *self)
{
  if (self == NULL)
    return;

  if (self->db != NULL)
    sqlite3_close (self->db);
  g_clear_pointer (&self->samples, g_array_unref);
  g_free (self->path);
  g_free (self->display);
  g_free (self->name);
  g_free (self->cmdline);
  g_free (self->user);
  g_free (self);
}

/* A text column, NULL when NULL or longer than the cap. */
static char *
dup_column_text (sqlite3_stmt *s,
                 int           column)
{
  const char *text = (const char *) sqlite3_column_text (s, column);
  int length = sqlite3_column_bytes (s, column);

  if (text == NULL || length < 0 || length > MS_RECORDING_MAX_STRING)
    return NULL;
  /* Up to its first NUL, as any C string of a process is. */
  return g_strndup (text, (gsize) length);
}

static gboolean
read_header (MsRecording  *self,
             GError      **error)
{
  sqlite3_stmt *s = NULL;
  int code, application_id = 0, version = 0;

  code = sqlite3_prepare_v2 (self->db, "PRAGMA application_id", -1, &s, NULL);
  if (code == SQLITE_OK && (code = sqlite3_step (s)) == SQLITE_ROW)
    application_id = sqlite3_column_int (s, 0);
  sqlite3_finalize (s);
  if (code != SQLITE_ROW)
    return _ms_recording_fail_sqlite (error, self->db, code, self->display);

  code = sqlite3_prepare_v2 (self->db, "PRAGMA user_version", -1, &s, NULL);
  if (code == SQLITE_OK && (code = sqlite3_step (s)) == SQLITE_ROW)
    version = sqlite3_column_int (s, 0);
  sqlite3_finalize (s);
  if (code != SQLITE_ROW)
    return _ms_recording_fail_sqlite (error, self->db, code, self->display);

  if (application_id != MS_RECORDING_APPLICATION_ID)
    {
      g_set_error (error, MS_ERROR, MS_ERROR_MALFORMED,
                   _("%s is not a Memscape recording: it is an SQLite database of something else"), self->display);
      return FALSE;
    }
  if (version != MS_RECORDING_SCHEMA_VERSION)
    {
      g_set_error (error, MS_ERROR, MS_ERROR_MALFORMED,
                   _("Could not read the recording %s: it has schema version %d, and this Memscape reads version %d"),
                   self->display, version, MS_RECORDING_SCHEMA_VERSION);
      return FALSE;
    }
  return TRUE;
}

static gboolean
read_process (MsRecording  *self,
              GError      **error)
{
  sqlite3_stmt *s = NULL;
  int code;

  code = sqlite3_prepare_v2 (self->db, "SELECT pid, name, cmdline, user, uid FROM process LIMIT 1", -1, &s, NULL);
  if (code == SQLITE_OK && (code = sqlite3_step (s)) == SQLITE_ROW)
    {
      sqlite3_int64 pid = sqlite3_column_int64 (s, 0);
      sqlite3_int64 uid = sqlite3_column_int64 (s, 4);

      self->pid = pid > 0 && pid <= G_MAXINT ? (int) pid : 0;
      self->uid = uid >= 0 && uid < G_MAXUINT32 ? (uid_t) uid : (uid_t) -1;
      self->name = dup_column_text (s, 1);
      self->cmdline = dup_column_text (s, 2);
      self->user = dup_column_text (s, 3);
      code = SQLITE_OK;
    }
  sqlite3_finalize (s);
  if (code == SQLITE_DONE)
    return _ms_recording_fail_damaged (error, self->display, _("no process"));
  if (code != SQLITE_OK)
    return _ms_recording_fail_sqlite (error, self->db, code, self->display);
  if (self->name == NULL)
    self->name = g_path_get_basename (self->path);
  return TRUE;
}

static guint64
column_u64 (sqlite3_stmt *s,
            int           column)
{
  return (guint64) sqlite3_column_int64 (s, column);
}

static gboolean
read_samples (MsRecording  *self,
              GError      **error)
{
  sqlite3_stmt *s = NULL;
  int code;

  /* Counted first: a made-up recording of a billion samples is refused
   * before any is read. */
  code = sqlite3_prepare_v2 (self->db, "SELECT count(*) > ?1 FROM samples", -1, &s, NULL);
  if (code == SQLITE_OK)
    sqlite3_bind_int64 (s, 1, MS_RECORDING_MAX_SAMPLES);
  if (code == SQLITE_OK && (code = sqlite3_step (s)) == SQLITE_ROW && sqlite3_column_int (s, 0) != 0)
    {
      sqlite3_finalize (s);
      return _ms_recording_fail_damaged (error, self->display, _("too many samples"));
    }
  sqlite3_finalize (s);
  if (code != SQLITE_ROW)
    return _ms_recording_fail_sqlite (error, self->db, code, self->display);

  code = sqlite3_prepare_v2 (self->db, "SELECT id, " MS_RECORDING_SAMPLE_COLUMNS " FROM samples ORDER BY id", -1, &s, NULL);
  while ((code == SQLITE_OK || code == SQLITE_ROW) && (code = sqlite3_step (s)) == SQLITE_ROW)
    {
      Sample sample = { 0 };
      sqlite3_int64 located = sqlite3_column_int64 (s, 10);
      guint64 *figures[] = {
        &sample.status.vm_peak, &sample.status.vm_size, &sample.status.vm_hwm, &sample.status.vm_rss,
        &sample.status.rss_anon, &sample.status.rss_file, &sample.status.rss_shmem, &sample.status.vm_data,
        &sample.status.vm_stk, &sample.status.vm_exe, &sample.status.vm_lib, &sample.status.vm_pte,
        &sample.status.vm_swap, &sample.status.vm_lck, &sample.status.vm_pin,
      };
      sqlite3_int64 threads = sqlite3_column_int64 (s, 9);

      if (self->samples->len >= MS_RECORDING_MAX_SAMPLES)
        {
          sqlite3_finalize (s);
          return _ms_recording_fail_damaged (error, self->display, _("too many samples"));
        }
      sample.id = sqlite3_column_int64 (s, 0);
      sample.time_usec = sqlite3_column_int64 (s, 1);
      sample.status.threads = threads > 0 && threads <= G_MAXINT ? (guint) threads : 0;
      sample.located_threads = located > 0 && located <= G_MAXINT ? (guint) located : 0;
      for (guint i = 0; i < G_N_ELEMENTS (figures); i++)
        *figures[i] = column_u64 (s, 11 + (int) i);
      g_array_append_val (self->samples, sample);
    }
  sqlite3_finalize (s);
  if (code != SQLITE_DONE)
    return _ms_recording_fail_sqlite (error, self->db, code, self->display);
  if (self->samples->len == 0)
    {
      g_set_error (error, MS_ERROR, MS_ERROR_EMPTY,
                   _("Could not read the recording %s: it holds no sample"), self->display);
      return FALSE;
    }
  return TRUE;
}

MsRecording *
_ms_recording_open_db (sqlite3     *db,
                       const char  *path,
                       const char  *display,
                       GError     **error)
{
  g_autoptr(MsRecording) self = g_new0 (MsRecording, 1);
  int code;

  self->db = db;
  self->path = g_strdup (path);
  self->display = g_strdup (display);
  self->samples = g_array_new (FALSE, FALSE, sizeof (Sample));
  self->uid = (uid_t) -1;

  sqlite3_extended_result_codes (db, 1);
  /* A writer's commit holds the log for an instant. */
  sqlite3_busy_timeout (db, 2000);
  /* Damage found as it is met, not trusted (SQLite's defensive settings). */
  sqlite3_db_config (db, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
  sqlite3_db_config (db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, NULL);
  sqlite3_exec (db, "PRAGMA cell_size_check = ON", NULL, NULL, NULL);

  /* One read transaction: what a writer adds meanwhile is not seen, so the
   * samples read are complete ones. */
  code = sqlite3_exec (db, "BEGIN", NULL, NULL, NULL);
  if (code != SQLITE_OK)
    {
      _ms_recording_fail_sqlite (error, db, code, display);
      return NULL;
    }
  if (!read_header (self, error) || !read_samples (self, error) || !read_process (self, error))
    return NULL;
  sqlite3_exec (db, "COMMIT", NULL, NULL, NULL);
  return g_steal_pointer (&self);
}

/* A database file is whole pages (its header says how large, at offset 16):
 * FALSE, with one line, for one cut short. */
static gboolean
check_whole_pages (const guint8  *data,
                   gsize          available,
                   guint64        size,
                   const char    *display,
                   GError       **error)
{
  guint page_size;

  if (size < 100 || available < 18)
    return _ms_recording_fail_damaged (error, display, _("cut short in its header"));
  page_size = ((guint) data[16] << 8) | data[17];
  if (page_size == 1)
    page_size = 65536;
  if (page_size < 512 || (page_size & (page_size - 1)) != 0)
    return _ms_recording_fail_damaged (error, display, _("an impossible page size"));
  if (size % page_size != 0)
    return _ms_recording_fail_damaged (error, display, _("cut short: not a whole number of pages"));
  return TRUE;
}

/* The database file's bytes @copy (from sqlite3_malloc64(), taken), read
 * from memory: a WAL-mode header is read as a rollback one (there is no
 * log to read with it). */
static MsRecording *
open_memory (guint8      *copy,
             gsize        length,
             const char  *path,
             const char  *display,
             GError     **error)
{
  sqlite3 *db = NULL;
  int code;

  if (length >= 20 && copy[18] == 2 && copy[19] == 2)
    copy[18] = copy[19] = 1;
  code = sqlite3_open_v2 (":memory:", &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL);
  if (code != SQLITE_OK)
    {
      sqlite3_free (copy);
      _ms_recording_fail_sqlite (error, db, code, display);
      sqlite3_close (db);
      return NULL;
    }
  code = sqlite3_deserialize (db, "main", copy, (sqlite3_int64) length, (sqlite3_int64) length,
                              SQLITE_DESERIALIZE_FREEONCLOSE | SQLITE_DESERIALIZE_READONLY);
  if (code != SQLITE_OK)
    {
      _ms_recording_fail_sqlite (error, db, code, display);
      sqlite3_close (db);
      return NULL;
    }
  return _ms_recording_open_db (db, path, display, error);
}

MsRecording *
ms_recording_open (const char  *path,
                   GError     **error)
{
  g_autofree char *display = NULL;
  g_autofree char *wal = NULL;
  guint8 header[100];
  struct stat st, wal_st;
  sqlite3 *db = NULL;
  ssize_t n;
  int fd, code;

  g_return_val_if_fail (path != NULL, NULL);

  display = g_filename_display_name (path);
  fd = open (path, O_RDONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0)
    {
      g_set_error (error, MS_ERROR, MS_ERROR_IO, _("Could not read the recording %s: %s"), display, g_strerror (errno));
      return NULL;
    }
  if (fstat (fd, &st) != 0 || !S_ISREG (st.st_mode))
    {
      close (fd);
      g_set_error (error, MS_ERROR, MS_ERROR_IO, _("Could not read the recording %s: it is not a regular file"), display);
      return NULL;
    }
  n = st.st_size > 0 ? pread (fd, header, sizeof header, 0) : 0;
  close (fd);

  /* A recording just started may have everything in its log still. */
  wal = g_strconcat (path, "-wal", NULL);
  if (st.st_size == 0 && (stat (wal, &wal_st) != 0 || wal_st.st_size == 0))
    {
      g_set_error (error, MS_ERROR, MS_ERROR_EMPTY, _("Could not read the recording %s: the file is empty"), display);
      return NULL;
    }
  if (st.st_size > 0 && (n < 16 || memcmp (header, SQLITE_HEADER, 16) != 0))
    {
      g_set_error (error, MS_ERROR, MS_ERROR_MALFORMED,
                   _("%s is not a Memscape recording: it is not an SQLite database"), display);
      return NULL;
    }
  if (st.st_size > 0 && !check_whole_pages (header, (gsize) n, (guint64) st.st_size, display, error))
    return NULL;

  /* In WAL mode (its header says so) without a log beside it: a copy of a
   * recording whose log was left behind, or one whose recorder has not
   * written a sample yet. Everything committed is in the file, which no
   * checkpoint changes while there is no log: read from memory, so that a
   * read-only opening creates no log of its own beside someone's file (and
   * never removes a recorder's). */
  if (st.st_size >= 100 && header[18] == 2 && header[19] == 2 && stat (wal, &wal_st) != 0 && errno == ENOENT)
    {
      g_autofree char *contents = NULL;
      gsize length = 0;
      guint8 *copy;

      if (!g_file_get_contents (path, &contents, &length, NULL))
        {
          g_set_error (error, MS_ERROR, MS_ERROR_IO, _("Could not read the recording %s: %s"), display, g_strerror (errno));
          return NULL;
        }
      if (!check_whole_pages ((const guint8 *) contents, length, length, display, error))
        return NULL;
      copy = sqlite3_malloc64 (length);
      if (copy == NULL)
        {
          _ms_recording_fail_sqlite (error, NULL, SQLITE_NOMEM, display);
          return NULL;
        }
      memcpy (copy, contents, length);
      return open_memory (copy, length, path, display, error);
    }

  code = sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL);
  if (code != SQLITE_OK)
    {
      _ms_recording_fail_sqlite (error, db, code, display);
      sqlite3_close (db);
      return NULL;
    }
  return _ms_recording_open_db (db, path, display, error);
}

MsRecording *
ms_recording_open_bytes (const void  *data,
                         gsize        length,
                         GError     **error)
{
  guint8 *copy;

  if (length == 0)
    {
      g_set_error (error, MS_ERROR, MS_ERROR_EMPTY, _("Could not read the recording %s: the file is empty"), "-");
      return NULL;
    }
  if (length < 16 || memcmp (data, SQLITE_HEADER, 16) != 0)
    {
      g_set_error (error, MS_ERROR, MS_ERROR_MALFORMED,
                   _("%s is not a Memscape recording: it is not an SQLite database"), "-");
      return NULL;
    }
  if (!check_whole_pages (data, length, length, "-", error))
    return NULL;

  copy = sqlite3_malloc64 (length);
  if (copy == NULL)
    {
      _ms_recording_fail_sqlite (error, NULL, SQLITE_NOMEM, "-");
      return NULL;
    }
  memcpy (copy, data, length);
  return open_memory (copy, length, "-", "-", error);
}

guint
ms_recording_get_n_samples (MsRecording *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->samples->len;
}

gint64
ms_recording_get_time (MsRecording *self,
                       guint        index)
{
  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (index < self->samples->len, 0);

  return g_array_index (self->samples, Sample, index).time_usec;
}

guint
ms_recording_find_sample (MsRecording *self,
                          double       seconds)
{
  gint64 first, limit;
  guint found = 0;

  g_return_val_if_fail (self != NULL, 0);

  if (seconds < 0 || seconds > (double) (G_MAXINT64 / G_USEC_PER_SEC / 2))
    return self->samples->len - 1;

  first = g_array_index (self->samples, Sample, 0).time_usec;
  limit = first + (gint64) (seconds * G_USEC_PER_SEC + 0.5);
  for (guint i = 0; i < self->samples->len; i++)
    if (g_array_index (self->samples, Sample, i).time_usec <= limit)
      found = i;
  return found;
}

/* --- regions -------------------------------------------------------------- */


static gboolean
parse_perms (const char *text,
             int         length,
             guint8     *perms)
{
  if (text == NULL || length != 4 ||
      (text[0] != 'r' && text[0] != '-') || (text[1] != 'w' && text[1] != '-') ||
      (text[2] != 'x' && text[2] != '-') || (text[3] != 'p' && text[3] != 's'))
    return FALSE;
  *perms = (text[0] == 'r' ? MS_PERM_READ : 0) | (text[1] == 'w' ? MS_PERM_WRITE : 0) |
           (text[2] == 'x' ? MS_PERM_EXEC : 0) | (text[3] == 's' ? MS_PERM_SHARED : 0);
  return TRUE;
}

static gboolean
parse_kind (const char *text,
            guint8     *kind)
{
  if (text == NULL)
    return FALSE;
  for (guint k = 0; k < MS_N_KINDS; k++)
    if (strcmp (text, ms_kind_to_id (k)) == 0)
      {
        *kind = (guint8) k;
        return TRUE;
      }
  return FALSE;
}

/* The string of @column interned in @strings: TRUE with NULL for NULL;
 * FALSE past the cap. */
static gboolean
column_string (sqlite3_stmt  *s,
               int            column,
               GStringChunk  *strings,
               const char   **out)
{
  const char *text = (const char *) sqlite3_column_text (s, column);
  int length = sqlite3_column_bytes (s, column);

  *out = NULL;
  if (text == NULL)
    return TRUE;
  if (length > MS_RECORDING_MAX_STRING)
    return FALSE;
  *out = g_string_chunk_insert_const (strings, text);
  return TRUE;
}

/* FALSE for a row that cannot be a region; @n_bad counts it, and counters
 * dropped for being larger than the region. */
gboolean
_ms_recording_read_version (sqlite3_stmt *s,
              GStringChunk *strings,
              Version      *version,
              guint        *n_bad)
{
  MsRegion *r = &version->region;
  sqlite3_int64 value;
  gboolean dropped = FALSE;
  int c = 2;

  memset (version, 0, sizeof *version);
  version->first = sqlite3_column_int64 (s, 0);
  version->last = sqlite3_column_type (s, 1) == SQLITE_NULL ? G_MAXINT64 : sqlite3_column_int64 (s, 1);

  r->start = column_u64 (s, c++);
  r->end = column_u64 (s, c++);
  if (!parse_perms ((const char *) sqlite3_column_text (s, c), sqlite3_column_bytes (s, c), &r->perms))
    goto bad;
  c++;
  r->offset = column_u64 (s, c++);
  r->dev_major = (guint32) MIN (column_u64 (s, c), G_MAXUINT32);
  c++;
  r->dev_minor = (guint32) MIN (column_u64 (s, c), G_MAXUINT32);
  c++;
  r->inode = column_u64 (s, c++);
  if (!column_string (s, c++, strings, &r->path) ||
      !column_string (s, c++, strings, &r->object) ||
      !column_string (s, c++, strings, &r->vm_flags) ||
      !parse_kind ((const char *) sqlite3_column_text (s, c++), &r->kind))
    goto bad;
  r->kernel_page_size = (guint32) MIN (column_u64 (s, c), G_MAXUINT32);
  c++;
  r->mmu_page_size = (guint32) MIN (column_u64 (s, c), G_MAXUINT32);
  c++;
  value = sqlite3_column_int64 (s, c);
  r->thp_eligible = sqlite3_column_type (s, c) == SQLITE_NULL ? -1 : (gint8) CLAMP (value, 0, 127);
  c++;
  value = sqlite3_column_int64 (s, c);
  r->protection_key = sqlite3_column_type (s, c) == SQLITE_NULL ? -1 : (gint8) CLAMP (value, 0, 127);
  c++;
  if (r->end <= r->start)
    goto bad;

  for (guint i = 0; i < MS_RECORDING_N_COUNTERS; i++, c++)
    {
      guint64 counter = column_u64 (s, c);

      /* As the parser does: no page is counted twice in one region. */
      if (counter > ms_region_get_size (r))
        {
          dropped = TRUE;
          continue;
        }
      *(guint64 *) (gpointer) ((char *) &r->counters + _ms_recording_counter_offsets[i]) = counter;
    }
  if (dropped)
    (*n_bad)++;
  return TRUE;

bad:
  (*n_bad)++;
  return FALSE;
}

static int
compare_regions (gconstpointer a,
                 gconstpointer b)
{
  const MsRegion *ra = a, *rb = b;

  return ra->start < rb->start ? -1 : ra->start > rb->start ? 1 : 0;
}

MsSnapshot *
_ms_recording_snapshot_new (MsRecording *self,
              guint        index)
{
  const Sample *sample = &g_array_index (self->samples, Sample, index);
  MsSnapshot *snapshot = _ms_snapshot_new (MS_SOURCE_FILE);

  snapshot->source_path = g_strdup (self->path);
  snapshot->pid = self->pid;
  snapshot->uid = self->uid;
  snapshot->name = g_strdup (self->name);
  snapshot->cmdline = g_strdup (self->cmdline != NULL ? self->cmdline : "");
  snapshot->user = g_strdup (self->user != NULL ? self->user : "");
  snapshot->time_usec = sample->time_usec;
  snapshot->has_counters = TRUE;
  snapshot->n_threads = sample->located_threads;
  snapshot->status = sample->status;
  return snapshot;
}

/* Sorts the regions of @snapshot (filled, not sealed), leaves out those
 * overlapping the one before, and seals it. */
void
_ms_recording_snapshot_finish (MsSnapshot *snapshot,
                 guint       n_bad,
                 gboolean    sorted)
{
  GArray *regions = _ms_snapshot_get_regions (snapshot);
  guint kept = 0;

  if (!sorted)
    g_array_sort (regions, compare_regions);
  for (guint i = 0; i < regions->len; i++)
    {
      MsRegion *r = &g_array_index (regions, MsRegion, i);

      if (kept > 0 && r->start < g_array_index (regions, MsRegion, kept - 1).end)
        {
          n_bad++;
          continue;
        }
      if (kept != i)
        g_array_index (regions, MsRegion, kept) = *r;
      kept++;
    }
  g_array_set_size (regions, kept);
  snapshot->n_malformed = n_bad;
  snapshot->first_malformed_line = 0;
  /* (No fingerprint: only a live refresh's probe compares one.) */
  _ms_snapshot_seal (snapshot);
}

MsSnapshot *
ms_recording_get_snapshot (MsRecording  *self,
                           guint         index,
                           GError      **error)
{
  g_autoptr(MsSnapshot) snapshot = NULL;
  sqlite3_stmt *s = NULL;
  GStringChunk *strings;
  GArray *regions;
  guint n_bad = 0;
  int code;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->samples->len, NULL);

  snapshot = _ms_recording_snapshot_new (self, index);
  strings = _ms_snapshot_get_strings (snapshot);
  regions = _ms_snapshot_get_regions (snapshot);

  code = sqlite3_prepare_v2 (self->db, VERSION_SELECT
                             "WHERE v.first_sample <= ?1 AND (v.last_sample IS NULL OR v.last_sample >= ?1)",
                             -1, &s, NULL);
  if (code == SQLITE_OK)
    sqlite3_bind_int64 (s, 1, g_array_index (self->samples, Sample, index).id);
  while ((code == SQLITE_OK || code == SQLITE_ROW) && (code = sqlite3_step (s)) == SQLITE_ROW)
    {
      Version version;

      if (regions->len >= MS_RECORDING_MAX_REGIONS)
        {
          sqlite3_finalize (s);
          _ms_recording_fail_damaged (error, self->display, _("too many regions in one sample"));
          return NULL;
        }
      if (_ms_recording_read_version (s, strings, &version, &n_bad))
        g_array_append_val (regions, version.region);
    }
  sqlite3_finalize (s);
  if (code != SQLITE_DONE)
    {
      _ms_recording_fail_sqlite (error, self->db, code, self->display);
      return NULL;
    }

  _ms_recording_snapshot_finish (snapshot, n_bad, FALSE);
  return g_steal_pointer (&snapshot);
}

/* --- one snapshot, for the command line ----------------------------------- */

MsSnapshot *
ms_recording_read_snapshot (const char  *path,
                            double       at_seconds,
                            GError     **error)
{
  g_autoptr(MsRecording) recording = ms_recording_open (path, error);

  if (recording == NULL)
    return NULL;
  return ms_recording_get_snapshot (recording, ms_recording_find_sample (recording, at_seconds), error);
}

gboolean
ms_recording_path_is_recording (const char *path)
{
  char header[16];
  ssize_t n;
  int fd;

  g_return_val_if_fail (path != NULL, FALSE);

  if (g_str_has_suffix (path, ".memscape"))
    return TRUE;
  fd = open (path, O_RDONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0)
    return FALSE;
  n = pread (fd, header, sizeof header, 0);
  close (fd);
  return n == sizeof header && memcmp (header, SQLITE_HEADER, sizeof header) == 0;
}
