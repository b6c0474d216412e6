/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "memscape-pages"

#include "config.h"

#include "ms-activity.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ms-activity-private.h"
#include "ms-error.h"
#include "ms-idle-pages-private.h"
#include "ms-privileged-private.h"
#include "ms-pages.h"
#include "ms-proc.h"
#include "ms-reader.h"
#include "ms-reader-private.h"

struct _MsActivityMeasure {
  int             pid;
  int             dir;
  uid_t           owner;
  MsActivityKind  kind;
  gint64          began;    /* monotonic µs */
  gboolean        helper;   /* cleared, and read, through the helper */
  gboolean        as_administrator;
  MsIdlePages    *idle;     /* the pages marked idle, in place of clear_refs */
};

static void
activity_clear (gpointer data)
{
  MsActivity *activity = data;

  for (guint i = 0; i < activity->n_regions; i++)
    g_free ((char *) activity->regions[i].path);
  g_free (activity->regions);
  g_free (activity->accessed);
}

MsActivity *
ms_activity_ref (MsActivity *activity)
{
  return g_atomic_rc_box_acquire (activity);
}

void
ms_activity_unref (MsActivity *activity)
{
  g_atomic_rc_box_release_full (activity, activity_clear);
}

const MsActivityRegion *
ms_activity_find (const MsActivity *activity,
                  guint64           address)
{
  guint lo = 0, hi = activity->n_regions;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (address < activity->regions[mid].start)
        hi = mid;
      else if (address >= activity->regions[mid].end)
        lo = mid + 1;
      else
        return &activity->regions[mid];
    }
  return NULL;
}

int
ms_activity_page_used (const MsActivity *activity,
                       guint64           address)
{
  guint lo = 0, hi = activity->n_accessed;

  if (activity->accessed == NULL)
    return -1;
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (address < activity->accessed[mid].start)
        hi = mid;
      else if (address >= activity->accessed[mid].end)
        lo = mid + 1;
      else
        return 1;
    }
  return 0;
}

void
ms_activity_mark_runs (const MsActivity *activity,
                       const MsPageRun  *runs,
                       guint             n_runs,
                       GArray           *out)
{
  guint s = 0;

  if (activity->accessed == NULL)
    {
      g_array_append_vals (out, runs, n_runs);
      return;
    }
  for (guint i = 0; i < n_runs; i++)
    {
      MsPageRun piece = runs[i];

      /* (spans that end before this run: none of its pages) */
      while (s < activity->n_accessed && activity->accessed[s].end <= piece.start)
        s++;
      while (piece.start < runs[i].end)
        {
          const MsActivitySpan *span = s < activity->n_accessed ? &activity->accessed[s] : NULL;
          gboolean used = span != NULL && span->start <= piece.start;
          guint64 end = runs[i].end;

          if (used)
            end = MIN (end, span->end);
          else if (span != NULL)
            end = MIN (end, span->start);
          piece.end = end;
          piece.flags &= ~(guint32) MS_PAGE_REFERENCED;
          if (used && (piece.flags & MS_PAGE_PRESENT))
            piece.flags |= MS_PAGE_REFERENCED;
          g_array_append_val (out, piece);
          piece.start = end;
          if (span != NULL && span->end <= end)
            s++;
        }
    }
}

MsActivityMethod
ms_activity_choose_method (MsActivityKind kind)
{
  /* Idle page tracking does not disturb the process; the kernel tracks
   * written pages only with soft-dirty bits, which clear_refs 4 clears. */
  if (kind == MS_ACTIVITY_REFERENCED && _ms_idle_pages_available ())
    return MS_ACTIVITY_METHOD_IDLE_PAGES;
  return MS_ACTIVITY_METHOD_CLEAR_REFS;
}

MsActivityMethod
ms_activity_measure_get_method (MsActivityMeasure *measure)
{
  if (measure->idle != NULL)
    return MS_ACTIVITY_METHOD_IDLE_PAGES;
  return measure->helper ? MS_ACTIVITY_METHOD_CLEAR_REFS_HELPER : MS_ACTIVITY_METHOD_CLEAR_REFS;
}

gboolean
ms_activity_can_track_writes (void)
{
  static gsize answer;

  if (g_once_init_enter (&answer))
    {
      g_autofree char *smaps = NULL;
      gboolean can = FALSE;

      /* A kernel that tracks soft-dirty pages marks every new mapping
       * soft-dirty ("sd" in VmFlags) until clear_refs 4 clears it; nobody
       * clears ours. */
      if (g_file_get_contents ("/proc/self/smaps", &smaps, NULL, NULL))
        for (const char *p = smaps; (p = strstr (p, "\nVmFlags:")) != NULL && !can; p++)
          {
            const char *eol = strchr (p + 1, '\n');
            const char *sd = strstr (p + 1, " sd");

            can = sd != NULL && (eol == NULL || sd < eol) && (sd[3] == ' ' || sd[3] == '\n');
          }
      g_once_init_leave (&answer, can ? 2 : 1);
    }
  return answer == 2;
}

static void
set_errno_error (GError **error,
                 int      pid,
                 uid_t    owner,
                 int      saved_errno)
{
  MsReadFailure failure = MS_READ_FAILURE_IO;

  if (saved_errno == ENOENT || saved_errno == ESRCH)
    failure = MS_READ_FAILURE_EXITED;
  else if (saved_errno == EACCES || saved_errno == EPERM)
    failure = MS_READ_FAILURE_DENIED;
  _ms_reader_set_error (error, failure, pid, NULL, owner, saved_errno);
}

MsActivityMeasure *
ms_activity_begin (int              pid,
                   MsActivityKind   kind,
                   GError         **error)
{
  g_autoptr(MsActivityMeasure) measure = g_new0 (MsActivityMeasure, 1);
  const char *value = kind == MS_ACTIVITY_WRITES ? "4" : "1";
  struct stat st;
  int saved_errno;
  int fd;

  measure->pid = pid;
  measure->kind = kind;
  measure->owner = (uid_t) -1;
  measure->dir = -1;

  if (kind == MS_ACTIVITY_WRITES && !ms_activity_can_track_writes ())
    {
      g_set_error (error, MS_ERROR, MS_ERROR_INVALID_ARGUMENT,
                   _("This kernel does not track written pages: it was built without soft-dirty tracking (CONFIG_MEM_SOFT_DIRTY)"));
      return NULL;
    }
  if (pid <= 0)
    {
      g_set_error (error, MS_ERROR, MS_ERROR_INVALID_ARGUMENT,
                   _("“%d” is not a process ID: give a positive whole number"), pid);
      return NULL;
    }
  measure->dir = ms_proc_open_pid (pid, &saved_errno);
  if (measure->dir < 0)
    {
      _ms_reader_set_error (error, saved_errno == ENOENT || saved_errno == ESRCH ? MS_READ_FAILURE_GONE
                                                                                 : MS_READ_FAILURE_IO,
                            pid, NULL, (uid_t) -1, saved_errno);
      return NULL;
    }
  if (fstat (measure->dir, &st) == 0)
    measure->owner = st.st_uid;

  /* The choice is made here, before anything is done to the process, by the
   * same test the window's warning goes by. A bitmap that then refuses
   * (EINVAL, EACCES), frames that turn out hidden, a process gone: an error,
   * and no falling back to clear_refs, which would clear the ageing
   * information the user was told would be left alone. */
  if (ms_activity_choose_method (kind) == MS_ACTIVITY_METHOD_IDLE_PAGES)
    {
      measure->idle = _ms_idle_pages_mark (pid, error);
      if (measure->idle == NULL)
        return NULL;
      measure->began = g_get_monotonic_time ();
      return g_steal_pointer (&measure);
    }

  fd = ms_proc_open_at (measure->dir, "clear_refs", O_WRONLY, &saved_errno);
  if (fd < 0 || write (fd, value, 1) != 1)
    {
      if (fd >= 0)
        {
          saved_errno = errno;
          close (fd);
        }
      set_errno_error (error, pid, measure->owner, saved_errno);
      return NULL;
    }
  close (fd);
  measure->began = g_get_monotonic_time ();
  return g_steal_pointer (&measure);
}

MsActivityMeasure *
ms_activity_begin_through_helper (int            pid,
                                  MsActivityKind kind,
                                  gboolean       as_administrator,
                                  GCancellable  *cancellable,
                                  GError       **error)
{
  g_autoptr(MsActivityMeasure) measure = g_new0 (MsActivityMeasure, 1);
  guint32 owner = G_MAXUINT32;
  int saved_errno;

  measure->pid = pid;
  measure->kind = kind;
  measure->owner = (uid_t) -1;
  measure->dir = -1;
  measure->helper = TRUE;
  measure->as_administrator = as_administrator;

  if (kind == MS_ACTIVITY_WRITES && !ms_activity_can_track_writes ())
    {
      g_set_error (error, MS_ERROR, MS_ERROR_INVALID_ARGUMENT,
                   _("This kernel does not track written pages: it was built without soft-dirty tracking (CONFIG_MEM_SOFT_DIRTY)"));
      return NULL;
    }
  /* Its /proc directory, opened before the clearing, tells at the end that
   * the PID is still that process (where this sandbox sees it at all). */
  if (pid > 0 && !ms_privileged_is_sandboxed ())
    measure->dir = ms_proc_open_pid (pid, &saved_errno);
  if (!_ms_activity_clear_through_helper (pid, kind, as_administrator, cancellable, &owner, error))
    return NULL;
  measure->owner = owner;
  measure->began = g_get_monotonic_time ();
  return g_steal_pointer (&measure);
}

/* The soft-dirty pages of @activity's regions through the helper's `pages`
 * request: one request for as many neighbouring regions as 64 GiB hold (a
 * larger region in 64 GiB pieces), so that a process of many regions costs
 * a few runs of the helper. */
gboolean
_ms_activity_count_dirty_through_helper (int            pid,
                                         gboolean       as_administrator,
                                         MsActivity    *activity,
                                         GCancellable  *cancellable,
                                         GError       **error)
{
  const guint64 range_max = G_GUINT64_CONSTANT (64) << 30;
  guint64 page_size = (guint64) sysconf (_SC_PAGESIZE);
  MsActivityRegion *regions = activity->regions;
  guint n = activity->n_regions;
  guint i = 0;
  guint64 from = n > 0 ? regions[0].start : 0;

  while (i < n)
    {
      g_autoptr(MsPageMap) map = NULL;
      guint last = i;
      guint64 hi;

      /* (the [vsyscall] page is the kernel's, with no pagemap) */
      if (g_strcmp0 (regions[i].path, "[vsyscall]") == 0)
        {
          if (++i < n)
            from = regions[i].start;
          continue;
        }
      hi = regions[i].end - from > range_max ? from + range_max : regions[i].end;
      while (hi == regions[last].end && last + 1 < n && g_strcmp0 (regions[last + 1].path, "[vsyscall]") != 0 &&
             regions[last + 1].end - from <= range_max)
        hi = regions[++last].end;

      map = ms_pages_read_through_helper (pid, from, hi, as_administrator, cancellable, error);
      if (map == NULL)
        return FALSE;
      for (guint k = i, r = 0; k <= last; k++)
        {
          MsActivityRegion *out = &regions[k];
          guint64 lo = MAX (out->start, from), up = MIN (out->end, hi);

          while (r < map->n_runs && map->runs[r].end <= lo)
            r++;
          /* written: soft-dirty and in memory or swap, as ms_activity_end()
           * counts them */
          for (guint q = r; q < map->n_runs && map->runs[q].start < up; q++)
            if ((map->runs[q].flags & MS_PAGE_SOFT_DIRTY) &&
                (map->runs[q].flags & (MS_PAGE_PRESENT | MS_PAGE_SWAPPED)))
              out->dirty_pages += (MIN (map->runs[q].end, up) - MAX (map->runs[q].start, lo)) / page_size;
        }
      if (hi == regions[last].end)
        {
          i = last + 1;
          if (i < n)
            from = regions[i].start;
        }
      else
        {
          from = hi;   /* the rest of a region larger than 64 GiB */
        }
    }
  for (i = 0; i < n; i++)
    regions[i].dirty_per_second = activity->seconds > 0 ? regions[i].dirty_pages / activity->seconds : 0;
  return TRUE;
}

void
ms_activity_measure_free (MsActivityMeasure *measure)
{
  if (measure->dir >= 0)
    close (measure->dir);
  g_clear_pointer (&measure->idle, _ms_idle_pages_free);
  g_free (measure);
}

MsActivity *
ms_activity_end (MsActivityMeasure  *measure,
                 GCancellable       *cancellable,
                 GError            **error)
{
  g_autoptr(MsSnapshot) snapshot = NULL;
  g_autoptr(MsPageReader) reader = NULL;
  g_autoptr(GArray) runs = NULL;
  MsActivity *activity;
  double seconds;
  int saved_errno;
  int fd;

  if (measure->helper)
    snapshot = _ms_privileged_run (measure->as_administrator, MS_PRIVILEGED_READ, measure->pid, cancellable, error);
  else
    snapshot = ms_read_pid (measure->pid, cancellable, error);
  if (snapshot == NULL)
    return NULL;
  seconds = (double) (g_get_monotonic_time () - measure->began) / G_USEC_PER_SEC;

  /* The PID is still the process whose bits were cleared: its /proc
   * directory, opened then, still reads. */
  if (measure->dir >= 0 || !measure->helper)
    {
      fd = ms_proc_open_at (measure->dir, "stat", O_RDONLY, &saved_errno);
      if (fd < 0)
        {
          set_errno_error (error, measure->pid, measure->owner, saved_errno);
          return NULL;
        }
      close (fd);
    }

  if (measure->kind == MS_ACTIVITY_WRITES && !measure->helper)
    {
      reader = ms_page_reader_new (measure->pid, error);
      if (reader == NULL)
        return NULL;
      ms_page_reader_set_coarse (reader, TRUE);
      runs = g_array_new (FALSE, FALSE, sizeof (MsPageRun));
    }

  activity = g_atomic_rc_box_new0 (MsActivity);
  activity->pid = measure->pid;
  activity->kind = measure->kind;
  activity->seconds = seconds;
  activity->method = ms_activity_measure_get_method (measure);
  activity->n_regions = snapshot->n_regions;
  activity->regions = g_new0 (MsActivityRegion, snapshot->n_regions);
  for (guint i = 0; i < snapshot->n_regions; i++)
    {
      const MsRegion *region = &snapshot->regions[i];
      MsActivityRegion *out = &activity->regions[i];

      out->start = region->start;
      out->end = region->end;
      out->rss = region->counters.rss;
      out->path = g_strdup (region->path);
      if (measure->kind == MS_ACTIVITY_REFERENCED)
        {
          out->referenced = region->counters.referenced;
          continue;
        }
      /* (through the helper: its `pages` request, below) */
      if (measure->helper)
        continue;
      /* (the [vsyscall] page is the kernel's, with no pagemap) */
      if (g_strcmp0 (region->path, "[vsyscall]") == 0)
        continue;
      g_array_set_size (runs, 0);
      if (!ms_page_reader_read_span (reader, region->start, region->end, MS_PAGE_METHOD_AUTO, runs, error))
        {
          ms_activity_unref (activity);
          return NULL;
        }
      for (guint r = 0; r < runs->len; r++)
        {
          const MsPageRun *run = &g_array_index (runs, MsPageRun, r);

          /* written: soft-dirty and in memory or swap; a page not there at
           * all only inherits the mapping's soft-dirty flag */
          if ((run->flags & MS_PAGE_SOFT_DIRTY) && (run->flags & (MS_PAGE_PRESENT | MS_PAGE_SWAPPED)))
            out->dirty_pages += (run->end - run->start) / (guint64) sysconf (_SC_PAGESIZE);
        }
      out->dirty_per_second = seconds > 0 ? out->dirty_pages / seconds : 0;
    }
  /* (idle tracking: the pages used, in place of smaps' Referenced) */
  if (measure->idle != NULL && !_ms_idle_pages_count (measure->idle, activity, error))
    {
      ms_activity_unref (activity);
      return NULL;
    }
  if (measure->kind == MS_ACTIVITY_WRITES && measure->helper &&
      !_ms_activity_count_dirty_through_helper (measure->pid, measure->as_administrator, activity, cancellable,
                                                error))
    {
      ms_activity_unref (activity);
      return NULL;
    }
  return activity;
}

void
ms_activity_write_csv (const MsActivity *activity,
                       GString          *csv)
{
  g_string_append (csv, activity->kind == MS_ACTIVITY_WRITES
                          ? "start,end,path,rss,dirty_pages,dirty_pages_per_second\n"
                          : "start,end,path,rss,referenced\n");
  for (guint i = 0; i < activity->n_regions; i++)
    {
      const MsActivityRegion *region = &activity->regions[i];
      g_autofree char *path = g_strdup (region->path != NULL ? region->path : "");
      char rate[G_ASCII_DTOSTR_BUF_SIZE];

      g_string_append_printf (csv, "0x%" G_GINT64_MODIFIER "x,0x%" G_GINT64_MODIFIER "x,",
                              region->start, region->end);
      /* a path is quoted as RFC 4180 says when it has to be */
      if (strpbrk (path, ",\"\n\r") != NULL)
        {
          g_autoptr(GString) quoted = g_string_new (path);

          g_string_replace (quoted, "\"", "\"\"", 0);
          g_string_append_printf (csv, "\"%s\"", quoted->str);
        }
      else
        {
          g_string_append (csv, path);
        }
      if (activity->kind == MS_ACTIVITY_WRITES)
        g_string_append_printf (csv, ",%" G_GUINT64_FORMAT ",%" G_GUINT64_FORMAT ",%s\n", region->rss,
                                region->dirty_pages,
                                g_ascii_formatd (rate, sizeof rate, "%.1f", region->dirty_per_second));
      else
        g_string_append_printf (csv, ",%" G_GUINT64_FORMAT ",%" G_GUINT64_FORMAT "\n", region->rss, region->referenced);
    }
}
