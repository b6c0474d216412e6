/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "memscape-recording"

#include "config.h"

#include "ms-recording-private.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <stddef.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "ms-error.h"
#include "ms-file-writer.h"
#include "ms-kind.h"

/* --- writing a recording -------------------------------------------------
 *
 * The journal: write-ahead logging (WAL). A sample's transaction is
 * appended to FILE.memscape-wal and is complete only when its commit frame
 * is; the database file itself changes only at a checkpoint, which copies
 * committed frames. So whatever kills the recorder (SIGKILL included), the
 * file with its -wal holds every sample committed, and the next opening
 * drops a half-written transaction at the end of the log by its checksums.
 * Readers see the last committed sample without blocking the recorder, as
 * a rollback journal would not allow. synchronous=NORMAL: no fsync per
 * sample (a killed process loses nothing the kernel has; only a power cut
 * can lose the last samples, never the file's consistency). At a clean
 * finish the log is folded into the file and the journal mode set back to
 * DELETE, which removes FILE.memscape-wal and -shm: the recording is one
 * file again. */

const gsize _ms_recording_counter_offsets[MS_RECORDING_N_COUNTERS] = {
  offsetof (MsCounters, rss),
  offsetof (MsCounters, pss),
  offsetof (MsCounters, pss_dirty),
  offsetof (MsCounters, shared_clean),
  offsetof (MsCounters, shared_dirty),
  offsetof (MsCounters, private_clean),
  offsetof (MsCounters, private_dirty),
  offsetof (MsCounters, referenced),
  offsetof (MsCounters, anonymous),
  offsetof (MsCounters, ksm),
  offsetof (MsCounters, lazy_free),
  offsetof (MsCounters, anon_huge_pages),
  offsetof (MsCounters, shmem_pmd_mapped),
  offsetof (MsCounters, file_pmd_mapped),
  offsetof (MsCounters, shared_hugetlb),
  offsetof (MsCounters, private_hugetlb),
  offsetof (MsCounters, swap),
  offsetof (MsCounters, swap_pss),
  offsetof (MsCounters, locked),
};
G_STATIC_ASSERT (sizeof (MsCounters) == MS_RECORDING_N_COUNTERS * sizeof (guint64));

struct _MsRecordingWriter
{
  sqlite3      *db;
  char         *path;             /* NULL in memory */
  char         *display;
  sqlite3_stmt *insert_sample;
  sqlite3_stmt *insert_version;
  sqlite3_stmt *close_version;
  sqlite3_stmt *insert_string;
  GHashTable   *string_ids;       /* text → id */
  MsSnapshot   *last;             /* the last sample's */
  gint64       *last_ids;         /* the version id of each of its regions */
  guint         n_samples;
  gint64        last_sample_id;
  GBytes       *bytes;
  gboolean      finished;
};

void
_ms_recording_set_sqlite_error (GError     **error,
                                sqlite3     *db,
                                int          code,
                                const char  *display)
{
  const char *why = db != NULL ? sqlite3_errmsg (db) : sqlite3_errstr (code);

  if ((code & 0xff) == SQLITE_FULL)
    why = g_strerror (ENOSPC);
  g_set_error (error, MS_ERROR, MS_ERROR_IO, _("Could not write the recording %s: %s"), display, why);
}

static gboolean
exec (MsRecordingWriter  *self,
      const char         *sql,
      GError            **error)
{
  int code = sqlite3_exec (self->db, sql, NULL, NULL, NULL);

  if (code != SQLITE_OK)
    {
      _ms_recording_set_sqlite_error (error, self->db, code, self->display);
      return FALSE;
    }
  return TRUE;
}

static gboolean
prepare (MsRecordingWriter  *self,
         const char         *sql,
         sqlite3_stmt      **statement,
         GError            **error)
{
  int code = sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, statement, NULL);

  if (code != SQLITE_OK)
    {
      _ms_recording_set_sqlite_error (error, self->db, code, self->display);
      return FALSE;
    }
  return TRUE;
}

/* Runs @statement to its end and resets it. */
static gboolean
step (MsRecordingWriter  *self,
      sqlite3_stmt       *statement,
      GError            **error)
{
  int code = sqlite3_step (statement);

  sqlite3_reset (statement);
  sqlite3_clear_bindings (statement);
  if (code != SQLITE_DONE && code != SQLITE_ROW)
    {
      _ms_recording_set_sqlite_error (error, self->db, code, self->display);
      return FALSE;
    }
  return TRUE;
}

static MsRecordingWriter *
writer_new (const char *path)
{
  MsRecordingWriter *self = g_new0 (MsRecordingWriter, 1);

  self->path = g_strdup (path);
  self->display = path != NULL ? g_filename_display_name (path) : g_strdup (_("in memory"));
  self->string_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  return self;
}

/* The schema and the statements, in the open database. */
static gboolean
writer_setup (MsRecordingWriter  *self,
              GError            **error)
{
  g_autofree char *pragmas = NULL;
  g_autofree char *meta = NULL;

  pragmas = g_strdup_printf ("PRAGMA application_id = %d; PRAGMA user_version = %d;",
                             MS_RECORDING_APPLICATION_ID, MS_RECORDING_SCHEMA_VERSION);
  meta = sqlite3_mprintf ("INSERT INTO meta VALUES ('format', 'memscape-recording'), "
                          "('schema_version', %d), ('memscape_version', %Q), ('created_usec', %lld);",
                          MS_RECORDING_SCHEMA_VERSION, PACKAGE_VERSION, (long long) g_get_real_time ());
  if (!exec (self, "BEGIN", error) ||
      !exec (self, pragmas, error) ||
      !exec (self, MS_RECORDING_SCHEMA, error) ||
      !exec (self, meta, error) ||
      !exec (self, "COMMIT", error))
    {
      sqlite3_free (g_steal_pointer (&meta));
      return FALSE;
    }
  sqlite3_free (g_steal_pointer (&meta));

  return prepare (self, "INSERT INTO samples (" MS_RECORDING_SAMPLE_COLUMNS ") VALUES "
                  "(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", &self->insert_sample, error) &&
         prepare (self, "INSERT INTO region_versions (first_sample, " MS_RECORDING_REGION_COLUMNS ") VALUES "
                  "(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                  &self->insert_version, error) &&
         prepare (self, "UPDATE region_versions SET last_sample = ? WHERE id = ?", &self->close_version, error) &&
         prepare (self, "INSERT INTO strings (text) VALUES (?)", &self->insert_string, error);
}

MsRecordingWriter *
ms_recording_writer_create (const char  *path,
                            GError     **error)
{
  g_autoptr(MsRecordingWriter) self = NULL;
  struct stat created, now;
  int fd, code;

  g_return_val_if_fail (path != NULL, NULL);

  self = writer_new (path);

  /* Created here, as the shell's `>` would (mode 0666 less the umask), and
   * only if nothing has that name: no link is followed, no file replaced. */
  fd = open (path, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_NOCTTY | O_CLOEXEC, 0666);
  if (fd < 0)
    {
      if (errno == EEXIST)
        g_set_error (error, MS_ERROR, MS_ERROR_IO,
                     _("Could not record to %s: it exists already (a recording is only ever written to a new file)"),
                     self->display);
      else
        g_set_error (error, MS_ERROR, MS_ERROR_IO, _("Could not record to %s: %s"),
                     self->display, g_strerror (errno));
      return NULL;
    }
  if (fstat (fd, &created) != 0)
    created.st_ino = 0;

  /* SQLite opens it again by name, without following a link. */
  code = sqlite3_open_v2 (path, &self->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOFOLLOW | SQLITE_OPEN_NOMUTEX, NULL);
  if (code == SQLITE_OK)
    {
      sqlite3_extended_result_codes (self->db, 1);
      sqlite3_busy_timeout (self->db, 5000);
    }
  /* The schema in one transaction before the log: a reader meanwhile finds
   * an empty file, or a recording with no sample yet. */
  if (code != SQLITE_OK ||
      !writer_setup (self, error) ||
      !exec (self, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;", error))
    {
      if (code != SQLITE_OK)
        _ms_recording_set_sqlite_error (error, self->db, code, self->display);
      goto failed;
    }

  /* The file SQLite wrote is the one made above (not one put in its place
   * meanwhile). */
  if (lstat (path, &now) != 0 || now.st_dev != created.st_dev || now.st_ino != created.st_ino)
    {
      g_set_error (error, MS_ERROR, MS_ERROR_IO,
                   _("Could not record to %s: it changed while it was being written"), self->display);
      close (fd);
      return NULL;
    }
  close (fd);
  return g_steal_pointer (&self);

failed:
  /* Nothing worth keeping: the file made above goes. */
  ms_recording_writer_free (g_steal_pointer (&self));
  {
    g_autofree char *wal = g_strconcat (path, "-wal", NULL);
    g_autofree char *shm = g_strconcat (path, "-shm", NULL);

    if (lstat (path, &now) == 0 && now.st_dev == created.st_dev && now.st_ino == created.st_ino)
      unlink (path);
    unlink (wal);
    unlink (shm);
  }
  close (fd);
  return NULL;
}

MsRecordingWriter *
ms_recording_writer_new_memory (GError **error)
{
  g_autoptr(MsRecordingWriter) self = writer_new (NULL);
  int code;

  code = sqlite3_open_v2 (":memory:", &self->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL);
  if (code != SQLITE_OK)
    {
      _ms_recording_set_sqlite_error (error, self->db, code, self->display);
      return NULL;
    }
  if (!writer_setup (self, error))
    return NULL;
  return g_steal_pointer (&self);
}

/* The id of @text in the strings table, added when new; 0 for NULL. */
static gboolean
string_id (MsRecordingWriter  *self,
           const char         *text,
           sqlite3_int64      *id,
           GError            **error)
{
  gpointer value;

  *id = 0;
  if (text == NULL)
    return TRUE;
  if (g_hash_table_lookup_extended (self->string_ids, text, NULL, &value))
    {
      *id = GPOINTER_TO_SIZE (value);
      return TRUE;
    }

  /* The kernel's bytes, as they are: not always UTF-8. */
  sqlite3_bind_text (self->insert_string, 1, text, -1, SQLITE_STATIC);
  if (!step (self, self->insert_string, error))
    return FALSE;
  *id = sqlite3_last_insert_rowid (self->db);
  g_hash_table_insert (self->string_ids, g_strdup (text), GSIZE_TO_POINTER ((gsize) *id));
  return TRUE;
}

static void
bind_u64 (sqlite3_stmt *statement,
          int           column,
          guint64       value)
{
  sqlite3_bind_int64 (statement, column, (sqlite3_int64) value);
}

static gboolean
insert_version (MsRecordingWriter  *self,
                const MsRegion     *region,
                gint64             *id,
                GError            **error)
{
  sqlite3_stmt *s = self->insert_version;
  sqlite3_int64 path_id, object_id, flags_id;
  char perms[5];
  int c = 1;

  if (!string_id (self, region->path, &path_id, error) ||
      !string_id (self, region->object, &object_id, error) ||
      !string_id (self, region->vm_flags, &flags_id, error))
    return FALSE;

  ms_region_format_perms (region, perms);
  sqlite3_bind_int64 (s, c++, self->last_sample_id);
  bind_u64 (s, c++, region->start);
  bind_u64 (s, c++, region->end);
  sqlite3_bind_text (s, c++, perms, 4, SQLITE_TRANSIENT);
  bind_u64 (s, c++, region->offset);
  sqlite3_bind_int64 (s, c++, region->dev_major);
  sqlite3_bind_int64 (s, c++, region->dev_minor);
  bind_u64 (s, c++, region->inode);
  path_id != 0 ? sqlite3_bind_int64 (s, c++, path_id) : sqlite3_bind_null (s, c++);
  object_id != 0 ? sqlite3_bind_int64 (s, c++, object_id) : sqlite3_bind_null (s, c++);
  flags_id != 0 ? sqlite3_bind_int64 (s, c++, flags_id) : sqlite3_bind_null (s, c++);
  sqlite3_bind_text (s, c++, ms_kind_to_id (region->kind), -1, SQLITE_STATIC);
  region->kernel_page_size != 0 ? sqlite3_bind_int64 (s, c++, region->kernel_page_size) : sqlite3_bind_null (s, c++);
  region->mmu_page_size != 0 ? sqlite3_bind_int64 (s, c++, region->mmu_page_size) : sqlite3_bind_null (s, c++);
  region->thp_eligible >= 0 ? sqlite3_bind_int64 (s, c++, region->thp_eligible) : sqlite3_bind_null (s, c++);
  region->protection_key >= 0 ? sqlite3_bind_int64 (s, c++, region->protection_key) : sqlite3_bind_null (s, c++);
  for (guint i = 0; i < MS_RECORDING_N_COUNTERS; i++)
    bind_u64 (s, c++, *(const guint64 *) ((const char *) &region->counters + _ms_recording_counter_offsets[i]));
  g_assert (c == MS_RECORDING_N_REGION_COLUMNS + 2);

  if (!step (self, s, error))
    return FALSE;
  *id = sqlite3_last_insert_rowid (self->db);
  return TRUE;
}

static gboolean
close_version (MsRecordingWriter  *self,
               gint64              id,
               GError            **error)
{
  sqlite3_bind_int64 (self->close_version, 1, self->last_sample_id - 1);
  sqlite3_bind_int64 (self->close_version, 2, id);
  return step (self, self->close_version, error);
}

static gboolean
insert_process (MsRecordingWriter  *self,
                const MsSnapshot   *snapshot,
                GError            **error)
{
  struct utsname names;
  char *sql;
  gboolean ok;

  if (uname (&names) != 0)
    names.release[0] = '\0';
  sql = sqlite3_mprintf ("INSERT INTO process VALUES (%d, %Q, %Q, %Q, %lld, %Q, %Q, %Q)",
                         snapshot->pid, snapshot->name, snapshot->cmdline, snapshot->user,
                         snapshot->uid == (uid_t) -1 ? -1LL : (long long) snapshot->uid,
                         g_get_host_name (), names.release,
                         snapshot->source == MS_SOURCE_FILE ? snapshot->source_path : NULL);
  ok = exec (self, sql, error);
  sqlite3_free (sql);
  return ok;
}

static gboolean
insert_sample (MsRecordingWriter  *self,
               gint64              time_usec,
               const MsSnapshot   *snapshot,
               GError            **error)
{
  sqlite3_stmt *s = self->insert_sample;
  const MsStatus *status = &snapshot->status;
  const guint64 figures[] = {
    status->vm_peak, status->vm_size, status->vm_hwm, status->vm_rss, status->rss_anon, status->rss_file,
    status->rss_shmem, status->vm_data, status->vm_stk, status->vm_exe, status->vm_lib, status->vm_pte,
    status->vm_swap, status->vm_lck, status->vm_pin,
  };
  int c = 1;

  sqlite3_bind_int64 (s, c++, time_usec);
  sqlite3_bind_int64 (s, c++, snapshot->n_regions);
  bind_u64 (s, c++, snapshot->total.vss);
  bind_u64 (s, c++, snapshot->total.rss);
  bind_u64 (s, c++, snapshot->total.pss);
  bind_u64 (s, c++, snapshot->total.uss);
  bind_u64 (s, c++, snapshot->total.swap);
  bind_u64 (s, c++, snapshot->total.swap_pss);
  /* What a capture has not: NULL, not 0. */
  if (snapshot->source == MS_SOURCE_PROCESS)
    {
      sqlite3_bind_int64 (s, c++, status->threads);
      sqlite3_bind_int64 (s, c++, snapshot->n_threads);
      for (guint i = 0; i < G_N_ELEMENTS (figures); i++)
        bind_u64 (s, c++, figures[i]);
    }
  g_assert (c <= MS_RECORDING_N_SAMPLE_COLUMNS + 1);

  if (!step (self, s, error))
    return FALSE;
  self->last_sample_id = sqlite3_last_insert_rowid (self->db);
  return TRUE;
}

/* The versions of @snapshot's regions against the last sample's: an equal
 * region at the same start keeps its version; any other region is a new
 * one, and a version no longer there ends at the sample before. */
static gboolean
insert_regions (MsRecordingWriter  *self,
                MsSnapshot         *snapshot,
                gint64             *ids,
                GError            **error)
{
  const MsRegion *old = self->last != NULL ? self->last->regions : NULL;
  guint n_old = self->last != NULL ? self->last->n_regions : 0;
  const MsRegion *now = snapshot->regions;
  guint n_now = snapshot->n_regions;
  guint i = 0, j = 0;

  while (i < n_old || j < n_now)
    {
      if (j >= n_now || (i < n_old && old[i].start < now[j].start))
        {
          if (!close_version (self, self->last_ids[i++], error))
            return FALSE;
        }
      else if (i >= n_old || now[j].start < old[i].start)
        {
          if (!insert_version (self, &now[j], &ids[j], error))
            return FALSE;
          j++;
        }
      else
        {
          if (ms_region_equal (&old[i], &now[j]))
            ids[j] = self->last_ids[i];
          else if (!close_version (self, self->last_ids[i], error) ||
                   !insert_version (self, &now[j], &ids[j], error))
            return FALSE;
          i++;
          j++;
        }
    }
  return TRUE;
}

gboolean
ms_recording_writer_add (MsRecordingWriter  *self,
                         gint64              time_usec,
                         MsSnapshot         *snapshot,
                         GError            **error)
{
  g_autofree gint64 *ids = NULL;

  g_return_val_if_fail (self != NULL && self->db != NULL && !self->finished, FALSE);
  g_return_val_if_fail (snapshot != NULL, FALSE);

  if (self->last != NULL && (self->last->pid != snapshot->pid || self->last->source != snapshot->source))
    {
      g_set_error (error, MS_ERROR, MS_ERROR_INVALID_ARGUMENT,
                   _("Could not write the recording %s: it holds process %d, not %d"),
                   self->display, self->last->pid, snapshot->pid);
      return FALSE;
    }

  if (!exec (self, "BEGIN IMMEDIATE", error))
    return FALSE;
  if ((self->n_samples == 0 && !insert_process (self, snapshot, error)) ||
      !insert_sample (self, time_usec, snapshot, error))
    goto failed;

  if (snapshot != self->last)
    {
      ids = g_new0 (gint64, MAX (snapshot->n_regions, 1));
      if (!insert_regions (self, snapshot, ids, error))
        goto failed;
    }
  if (!exec (self, "COMMIT", error))
    goto failed;

  self->n_samples++;
  if (snapshot != self->last)
    {
      g_clear_pointer (&self->last, ms_snapshot_unref);
      self->last = ms_snapshot_ref (snapshot);
      g_free (self->last_ids);
      self->last_ids = g_steal_pointer (&ids);
    }
  return TRUE;

failed:
  sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
  /* The hash may name strings that the rollback took away. */
  g_hash_table_remove_all (self->string_ids);
  return FALSE;
}

guint
ms_recording_writer_get_n_samples (MsRecordingWriter *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->n_samples;
}

guint64
ms_recording_writer_get_size (MsRecordingWriter *self)
{
  g_autofree char *wal = NULL;
  struct stat st;
  guint64 size = 0;

  g_return_val_if_fail (self != NULL, 0);

  if (self->path == NULL)
    {
      sqlite3_int64 used = 0, high = 0;

      /* The pages of the database in memory. */
      if (self->db != NULL)
        {
          sqlite3_stmt *s = NULL;

          if (sqlite3_prepare_v2 (self->db, "PRAGMA page_count", -1, &s, NULL) == SQLITE_OK &&
              sqlite3_step (s) == SQLITE_ROW)
            used = sqlite3_column_int64 (s, 0);
          sqlite3_finalize (s);
          if (sqlite3_prepare_v2 (self->db, "PRAGMA page_size", -1, &s, NULL) == SQLITE_OK &&
              sqlite3_step (s) == SQLITE_ROW)
            high = sqlite3_column_int64 (s, 0);
          sqlite3_finalize (s);
        }
      return (guint64) used * (guint64) high;
    }

  wal = g_strconcat (self->path, "-wal", NULL);
  if (stat (self->path, &st) == 0)
    size += (guint64) st.st_size;
  if (stat (wal, &st) == 0)
    size += (guint64) st.st_size;
  return size;
}

static void
finalize_statements (MsRecordingWriter *self)
{
  g_clear_pointer (&self->insert_sample, sqlite3_finalize);
  g_clear_pointer (&self->insert_version, sqlite3_finalize);
  g_clear_pointer (&self->close_version, sqlite3_finalize);
  g_clear_pointer (&self->insert_string, sqlite3_finalize);
}

gboolean
ms_recording_writer_finish (MsRecordingWriter  *self,
                            GError            **error)
{
  g_autofree char *sql = NULL;
  int code;

  g_return_val_if_fail (self != NULL && self->db != NULL && !self->finished, FALSE);

  /* The regions still mapped were last seen in the last sample. */
  sql = g_strdup_printf ("UPDATE region_versions SET last_sample = %" G_GINT64_FORMAT " WHERE last_sample IS NULL",
                         self->last_sample_id);
  if (!exec (self, sql, error))
    return FALSE;
  finalize_statements (self);

  if (self->path == NULL)
    {
      sqlite3_int64 size = 0;
      unsigned char *data = sqlite3_serialize (self->db, "main", &size, 0);

      if (data == NULL)
        {
          _ms_recording_set_sqlite_error (error, NULL, SQLITE_NOMEM, self->display);
          return FALSE;
        }
      self->bytes = g_bytes_new_with_free_func (data, (gsize) size, sqlite3_free, data);
    }
  else
    {
      /* Everything into the file, then no more log: closing removes
       * FILE-wal and FILE-shm. A reader still holding the file open makes
       * the switch wait (busy timeout), then fail: the log then stays
       * until the last reader is gone, and the recording is complete. */
      if (!exec (self, "PRAGMA wal_checkpoint(TRUNCATE)", error))
        return FALSE;
      if (sqlite3_exec (self->db, "PRAGMA journal_mode = DELETE", NULL, NULL, NULL) != SQLITE_OK)
        g_debug ("%s: the write-ahead log stays while it is read: %s", self->display, sqlite3_errmsg (self->db));
    }

  code = sqlite3_close (self->db);
  self->db = NULL;
  self->finished = TRUE;
  if (code != SQLITE_OK)
    {
      _ms_recording_set_sqlite_error (error, NULL, code, self->display);
      return FALSE;
    }
  return TRUE;
}

GBytes *
ms_recording_writer_steal_bytes (MsRecordingWriter *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return g_steal_pointer (&self->bytes);
}

void
ms_recording_writer_free (MsRecordingWriter *self)
{
  if (self == NULL)
    return;

  finalize_statements (self);
  if (self->db != NULL)
    sqlite3_close (self->db);
  g_clear_pointer (&self->last, ms_snapshot_unref);
  g_clear_pointer (&self->bytes, g_bytes_unref);
  g_hash_table_unref (self->string_ids);
  g_free (self->last_ids);
  g_free (self->path);
  g_free (self->display);
  g_free (self);
}

gboolean
ms_recording_save_history (MsHistory     *history,
                           const char    *path,
                           GCancellable  *cancellable,
                           GError       **error)
{
  g_autoptr(MsRecordingWriter) writer = NULL;
  g_autoptr(GBytes) bytes = NULL;
  guint n;

  g_return_val_if_fail (MS_IS_HISTORY (history), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  n = ms_history_get_n_samples (history);
  if (n == 0)
    {
      g_autofree char *display = g_filename_display_name (path);

      g_set_error (error, MS_ERROR, MS_ERROR_EMPTY, _("Could not write the recording %s: nothing was read yet"), display);
      return FALSE;
    }

  writer = ms_recording_writer_new_memory (error);
  if (writer == NULL)
    return FALSE;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(MsSnapshot) snapshot = ms_history_get_snapshot (history, i);

      if (g_cancellable_set_error_if_cancelled (cancellable, error) ||
          !ms_recording_writer_add (writer, ms_history_get_time (history, i), snapshot, error))
        return FALSE;
    }
  if (!ms_recording_writer_finish (writer, error))
    return FALSE;

  bytes = ms_recording_writer_steal_bytes (writer);
  return ms_file_write (path, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), error);
}
