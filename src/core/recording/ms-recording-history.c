/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "memscape-recording"

#include "config.h"

#include "ms-recording-private.h"

#include <glib/gi18n-lib.h>

#include "ms-snapshot-private.h"

/* A recording's every sample into an MsHistory (ms_history_add()), for the
 * window's session and its timeline: every region version read once, then
 * the set of versions of each sample kept in start order as samples go by
 * (versions that ended before it out, those that start at it in), and a
 * snapshot made only for a sample whose set changed; an unchanged one
 * shares the one before, as a live session's history does. */

static int
compare_by_last (gconstpointer a,
                 gconstpointer b,
                 gpointer      user_data)
{
  const Version *versions = user_data;
  gint64 la = versions[*(const guint *) a].last, lb = versions[*(const guint *) b].last;

  return la < lb ? -1 : la > lb ? 1 : 0;
}

static int
compare_by_first (gconstpointer a,
                  gconstpointer b,
                  gpointer      user_data)
{
  const Version *versions = user_data;
  gint64 fa = versions[*(const guint *) a].first, fb = versions[*(const guint *) b].first;

  return fa < fb ? -1 : fa > fb ? 1 : 0;
}

/* The position in @current (version indices sorted by start) where a
 * version starting at @start goes. */
static guint
current_bisect (GArray        *current,
                const Version *versions,
                guint64        start)
{
  guint low = 0, high = current->len;

  while (low < high)
    {
      guint mid = low + (high - low) / 2;

      if (versions[g_array_index (current, guint, mid)].region.start < start)
        low = mid + 1;
      else
        high = mid;
    }
  return low;
}

MsHistory *
ms_recording_build_history (MsRecording   *self,
                            gsize          budget,
                            GCancellable  *cancellable,
                            GError       **error)
{
  g_autoptr(MsHistory) history = NULL;
  g_autoptr(GArray) versions = NULL;
  g_autoptr(GArray) by_first = NULL;
  g_autoptr(GArray) by_last = NULL;
  g_autoptr(GArray) current = NULL;
  g_autoptr(MsSnapshot) last = NULL;
  GStringChunk *strings = NULL;
  g_autoptr(GHashTable) text_index = g_hash_table_new (NULL, NULL);
  g_autoptr(GPtrArray) texts = g_ptr_array_new ();
  g_autofree const char **copied = NULL;
  g_autofree guint *copied_in = NULL;
  sqlite3_stmt *s = NULL;
  guint n_bad = 0, next_first = 0, next_last = 0;
  gboolean ok = FALSE;
  int code;

  g_return_val_if_fail (self != NULL, NULL);

  versions = g_array_new (FALSE, FALSE, sizeof (Version));
  strings = g_string_chunk_new (64 * 1024);

  /* Every version, once. */
  code = sqlite3_exec (self->db, "BEGIN", NULL, NULL, NULL);
  if (code == SQLITE_OK)
    code = sqlite3_prepare_v2 (self->db, VERSION_SELECT "WHERE v.first_sample <= ?1", -1, &s, NULL);
  if (code == SQLITE_OK)
    sqlite3_bind_int64 (s, 1, g_array_index (self->samples, Sample, self->samples->len - 1).id);
  while ((code == SQLITE_OK || code == SQLITE_ROW) && (code = sqlite3_step (s)) == SQLITE_ROW)
    {
      Version version;

      if (versions->len >= MS_RECORDING_MAX_VERSIONS)
        {
          _ms_recording_fail_damaged (error, self->display, _("too many region versions"));
          goto out;
        }
      if ((versions->len & 4095) == 0 && g_cancellable_set_error_if_cancelled (cancellable, error))
        goto out;
      if (_ms_recording_read_version (s, strings, &version, &n_bad) && version.last >= version.first)
        {
          const char *text[3] = { version.region.path, version.region.object, version.region.vm_flags };

          /* Each distinct text (one pointer in the chunk) gets an index. */
          for (guint t = 0; t < 3; t++)
            {
              gpointer index;

              if (text[t] == NULL)
                continue;
              if (!g_hash_table_lookup_extended (text_index, text[t], NULL, &index))
                {
                  if (texts->len == 0)
                    g_ptr_array_add (texts, NULL);
                  index = GUINT_TO_POINTER (texts->len);
                  g_ptr_array_add (texts, (gpointer) text[t]);
                  g_hash_table_insert (text_index, (gpointer) text[t], index);
                }
              version.text[t] = GPOINTER_TO_UINT (index);
            }
          g_array_append_val (versions, version);
        }
    }
  if (code != SQLITE_DONE)
    {
      _ms_recording_fail_sqlite (error, self->db, code, self->display);
      goto out;
    }

  /* Which versions come in, and which go, at each sample. */
  by_first = g_array_sized_new (FALSE, FALSE, sizeof (guint), versions->len);
  by_last = g_array_sized_new (FALSE, FALSE, sizeof (guint), versions->len);
  for (guint i = 0; i < versions->len; i++)
    {
      g_array_append_val (by_first, i);
      g_array_append_val (by_last, i);
    }
  g_array_sort_with_data (by_first, compare_by_first, versions->data);
  g_array_sort_with_data (by_last, compare_by_last, versions->data);

  history = ms_history_new (budget);
  current = g_array_new (FALSE, FALSE, sizeof (guint));
  /* Each text copied into a snapshot once: copied[i] is valid when
   * copied_in[i] is that snapshot's sample, plus one. */
  copied = g_new0 (const char *, MAX (texts->len, 1));
  copied_in = g_new0 (guint, MAX (texts->len, 1));
  for (guint i = 0; i < self->samples->len; i++)
    {
      const Version *v = (const Version *) (gpointer) versions->data;
      gint64 id = g_array_index (self->samples, Sample, i).id;
      gboolean changed = last == NULL;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        goto out;

      /* Gone before this sample. */
      for (; next_last < by_last->len && v[g_array_index (by_last, guint, next_last)].last < id; next_last++)
        {
          guint gone = g_array_index (by_last, guint, next_last);
          guint at = current_bisect (current, v, v[gone].region.start);

          for (; at < current->len && v[g_array_index (current, guint, at)].region.start == v[gone].region.start; at++)
            if (g_array_index (current, guint, at) == gone)
              {
                g_array_remove_index (current, at);
                changed = TRUE;
                break;
              }
        }
      /* New at (or, in a damaged file, before) this sample. */
      for (; next_first < by_first->len && v[g_array_index (by_first, guint, next_first)].first <= id; next_first++)
        {
          guint added = g_array_index (by_first, guint, next_first);

          if (v[added].last < id)
            continue;
          if (current->len >= MS_RECORDING_MAX_REGIONS)
            {
              _ms_recording_fail_damaged (error, self->display, _("too many regions in one sample"));
              goto out;
            }
          g_array_insert_val (current, current_bisect (current, v, v[added].region.start + 1), added);
          changed = TRUE;
        }

      if (changed)
        {
          MsSnapshot *snapshot = _ms_recording_snapshot_new (self, i);
          GStringChunk *own = _ms_snapshot_get_strings (snapshot);
          GArray *regions = _ms_snapshot_get_regions (snapshot);

          g_array_set_size (regions, current->len);
          for (guint j = 0; j < current->len; j++)
            {
              const Version *version = &v[g_array_index (current, guint, j)];
              MsRegion *r = &g_array_index (regions, MsRegion, j);
              const char **text[3] = { &r->path, &r->object, &r->vm_flags };

              *r = version->region;
              for (guint t = 0; t < 3; t++)
                {
                  guint index = version->text[t];

                  if (index == 0)
                    continue;
                  if (copied_in[index] != i + 1)
                    {
                      copied[index] = g_string_chunk_insert (own, texts->pdata[index]);
                      copied_in[index] = i + 1;
                    }
                  *text[t] = copied[index];
                }
            }
          /* (current is in start order already) */
          _ms_recording_snapshot_finish (snapshot, n_bad, TRUE);
          g_clear_pointer (&last, ms_snapshot_unref);
          last = snapshot;
        }
      ms_history_add (history, g_array_index (self->samples, Sample, i).time_usec, last, NULL);
    }
  ok = TRUE;

out:
  sqlite3_finalize (s);
  sqlite3_exec (self->db, "COMMIT", NULL, NULL, NULL);
  g_string_chunk_free (strings);
  return ok ? g_steal_pointer (&history) : NULL;
}
