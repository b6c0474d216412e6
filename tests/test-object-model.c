/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "ms-object-model.h"
#include "ms-reader.h"
#include "ms-region-item.h"
#include "ms-test-util.h"

/* MsObjectModel: the owners of a live process's regions, each with its
 * regions as children, whose sums are the sums of those children; and a
 * refresh that keeps the owners (and their children's items) still there. */

static MsSnapshot *
read_child (MsTestChild *child)
{
  g_autoptr(GError) error = NULL;
  MsSnapshot *snapshot = ms_read_pid (child->pid, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (snapshot);
  return snapshot;
}

static MsObjectItem *
find_key (GListModel *model,
          const char *key)
{
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(MsObjectItem) item = g_list_model_get_item (model, i);

      if (g_strcmp0 (ms_object_item_get_key (item), key) == 0)
        return item;
    }
  return NULL;
}

static void
test_sums (void)
{
  MsTestChild *child = ms_test_child_start ();
  g_autoptr(MsSnapshot) snapshot = read_child (child);
  g_autoptr(MsObjectModel) model = ms_object_model_new ();
  g_autofree guint *seen = g_new0 (guint, snapshot->n_regions);
  guint64 size = 0, rss = 0, pss = 0, uss = 0, swap = 0, regions = 0;
  guint n;

  ms_object_model_set_snapshot (model, snapshot);
  n = g_list_model_get_n_items (G_LIST_MODEL (model));
  g_assert_cmpuint (n, >, 5);
  g_assert_cmpuint (n, <, snapshot->n_regions);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(MsObjectItem) item = g_list_model_get_item (G_LIST_MODEL (model), i);
      const MsObjectGroup *group = ms_object_item_get_group (item);
      GListModel *children = ms_object_item_get_children (item);
      guint64 c_size = 0, c_rss = 0, c_pss = 0, c_uss = 0, c_swap = 0;

      g_assert_cmpuint (g_list_model_get_n_items (children), ==, group->regions);
      g_assert_cmpuint (ms_object_item_get_n_regions (item), ==, group->regions);
      for (guint c = 0; c < g_list_model_get_n_items (children); c++)
        {
          g_autoptr(MsRegionItem) region_item = g_list_model_get_item (children, c);
          const MsRegion *r = ms_region_item_get_region (region_item);
          guint index = ms_region_item_get_index (region_item);

          /* every region in exactly one owner, the one that names it */
          seen[index]++;
          g_assert_cmpuint (ms_object_model_find_region (model, index), ==, i);
          g_assert_cmpstr (r->object, ==, group->object);
          if (group->object == NULL)
            g_assert_cmpint (r->kind, ==, group->kind);
          c_size += ms_region_get_size (r);
          c_rss += r->counters.rss;
          c_pss += r->counters.pss;
          c_uss += ms_region_get_uss (r);
          c_swap += r->counters.swap;
        }
      g_assert_cmpuint (group->size, ==, c_size);
      g_assert_cmpuint (group->rss, ==, c_rss);
      g_assert_cmpuint (group->pss, ==, c_pss);
      g_assert_cmpuint (group->uss, ==, c_uss);
      g_assert_cmpuint (group->swap, ==, c_swap);
      size += group->size;
      rss += group->rss;
      pss += group->pss;
      uss += group->uss;
      swap += group->swap;
      regions += group->regions;
    }

  for (guint i = 0; i < snapshot->n_regions; i++)
    g_assert_cmpuint (seen[i], ==, 1);
  g_assert_cmpuint (regions, ==, snapshot->n_regions);
  g_assert_cmpuint (size, ==, snapshot->total.vss);
  g_assert_cmpuint (rss, ==, snapshot->total.rss);
  g_assert_cmpuint (pss, ==, snapshot->total.pss);
  g_assert_cmpuint (uss, ==, snapshot->total.uss);
  g_assert_cmpuint (swap, ==, snapshot->total.swap);

  /* the owners the issue names are there */
  g_assert_nonnull (find_key (G_LIST_MODEL (model), "malloc arena"));
  if (child->anon_names)
    g_assert_nonnull (find_key (G_LIST_MODEL (model), "ms-test-anon"));
  g_assert_nonnull (find_key (G_LIST_MODEL (model), "\x01" "reserved"));

  ms_test_child_stop (child);
}

static void
count_changes (GListModel *list,
               guint       position,
               guint       removed,
               guint       added,
               guint      *n_changes)
{
  (*n_changes)++;
}

static void
test_refresh_keeps_items (void)
{
  MsTestChild *child = ms_test_child_start ();
  g_autoptr(MsSnapshot) before = read_child (child);
  g_autoptr(MsSnapshot) after = NULL;
  g_autoptr(MsObjectModel) model = ms_object_model_new ();
  g_autoptr(MsObjectItem) anon = NULL;
  g_autoptr(MsObjectItem) arena = NULL;
  g_autoptr(MsRegionItem) first_anon = NULL;
  g_autofree char *answer = NULL;
  guint n_before, n_children_before, revision, n_changes = 0;

  ms_object_model_set_snapshot (model, before);
  n_before = g_list_model_get_n_items (G_LIST_MODEL (model));
  anon = g_object_ref (find_key (G_LIST_MODEL (model), "\x01" "mmap-anon"));
  arena = g_object_ref (find_key (G_LIST_MODEL (model), "malloc arena"));
  n_children_before = g_list_model_get_n_items (ms_object_item_get_children (anon));
  first_anon = g_list_model_get_item (ms_object_item_get_children (anon), 0);
  revision = ms_object_item_get_revision (anon);

  /* one more anonymous mapping (rwx: not joined to a neighbour) */
  answer = ms_test_child_command (child, "map 3");
  g_assert_true (g_str_has_prefix (answer, "mapped 0x"));
  after = read_child (child);
  g_signal_connect (model, "items-changed", G_CALLBACK (count_changes), &n_changes);
  ms_object_model_set_snapshot (model, after);

  /* the same owners, the same items: nothing announced */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, n_before);
  g_assert_cmpuint (n_changes, ==, 0);
  g_assert_true (find_key (G_LIST_MODEL (model), "\x01" "mmap-anon") == anon);
  g_assert_true (find_key (G_LIST_MODEL (model), "malloc arena") == arena);
  g_assert_true (ms_object_item_get_snapshot (anon) == after);
  /* which tells its view, and has the new region among its children */
  g_assert_cmpuint (ms_object_item_get_revision (anon), >, revision);
  g_assert_cmpuint (g_list_model_get_n_items (ms_object_item_get_children (anon)), ==, n_children_before + 1);
  g_assert_cmpuint (ms_object_item_get_group (anon)->regions, ==, n_children_before + 1);
  /* the region that stayed kept its item, moved to the new snapshot */
  g_assert_true (ms_region_item_get_snapshot (first_anon) == after);
  {
    gboolean found = FALSE;

    for (guint i = 0; i < g_list_model_get_n_items (ms_object_item_get_children (anon)); i++)
      {
        g_autoptr(MsRegionItem) item = g_list_model_get_item (ms_object_item_get_children (anon), i);

        found |= item == first_anon;
      }
    g_assert_true (found);
  }

  /* gone: every owner goes */
  ms_object_model_set_snapshot (model, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 0);
  g_assert_cmpuint (n_changes, ==, 1);

  ms_test_child_stop (child);
}

/* An owner named like another's key (a crafted capture's "[anon:\x01heap]"
 * beside the heap without an owner) stays an owner of its own through a
 * refresh. */
static void
test_odd_names (void)
{
  const char *text = "00400000-00401000 rw-p 00000000 00:00 0                          [heap]\n"
                     "00500000-00501000 rw-p 00000000 00:00 0                          [anon:\001heap]\n";
  g_autoptr(MsSnapshot) first = ms_test_read_text (text, -1);
  g_autoptr(MsSnapshot) second = ms_test_read_text (text, -1);
  g_autoptr(MsObjectModel) model = ms_object_model_new ();
  g_autoptr(MsObjectItem) a = NULL;
  g_autoptr(MsObjectItem) b = NULL;

  ms_object_model_set_snapshot (model, first);
  ms_object_model_set_snapshot (model, second);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 2);
  a = g_list_model_get_item (G_LIST_MODEL (model), 0);
  b = g_list_model_get_item (G_LIST_MODEL (model), 1);
  g_assert_true (a != b);
  g_assert_cmpuint (ms_object_item_get_group (a)->regions + ms_object_item_get_group (b)->regions, ==, 2);
  g_assert_cmpuint (ms_object_model_find_region (model, 0), !=, ms_object_model_find_region (model, 1));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/memscape/object-model/sums", test_sums);
  g_test_add_func ("/memscape/object-model/refresh-keeps-items", test_refresh_keeps_items);
  g_test_add_func ("/memscape/object-model/odd-names", test_odd_names);

  return g_test_run ();
}
