/* angio-image.c — allocation of float images. */
#include "config.h"

#include <string.h>

#include "angio-image.h"

/**
 * angio_image_f_new:
 * Allocates a @width × @height float image filled with zeros (both at least 1).
 */
AngioImageF *
angio_image_f_new (guint width,
                   guint height)
{
  AngioImageF *image;

  g_return_val_if_fail (width > 0 && height > 0, NULL);

  image = g_new0 (AngioImageF, 1);
  image->width = width;
  image->height = height;
  image->stride = width;
  image->data = g_new0 (float, (gsize) width * height);
  return image;
}

AngioImageF *
angio_image_f_copy (const AngioImageF *image)
{
  AngioImageF *copy;

  g_return_val_if_fail (image != NULL, NULL);

  copy = angio_image_f_new (image->width, image->height);
  for (guint y = 0; y < image->height; y++)
    memcpy (angio_image_f_row (copy, y), angio_image_f_row (image, y),
            image->width * sizeof (float));
  return copy;
}

void
angio_image_f_fill (AngioImageF *image,
                    float        value)
{
  g_return_if_fail (image != NULL);

  for (guint y = 0; y < image->height; y++)
    {
      float *row = angio_image_f_row (image, y);
      for (guint x = 0; x < image->width; x++)
        row[x] = value;
    }
}

void
angio_image_f_free (AngioImageF *image)
{
  if (image == NULL)
    return;
  g_free (image->data);
  g_free (image);
}
