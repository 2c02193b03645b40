/* angio-nn.cpp — angio-nn.h over OpenCV's dnn module. */
#include "config.h"

#include <glib/gi18n-lib.h>

#include <opencv2/core.hpp>
#include <opencv2/dnn.hpp>

#include "angio-nn.h"

struct _AngioNet {
  cv::dnn::Net net;
  GMutex lock;
};

G_DEFINE_QUARK (angio-nn-error-quark, angio_nn_error)

/* Holds the model's lock for a scope, however it is left (OpenCV reports errors by throwing). */
class Locked {
public:
  explicit Locked (GMutex *mutex) : mutex_ (mutex) { g_mutex_lock (mutex_); }
  ~Locked () { g_mutex_unlock (mutex_); }
  Locked (const Locked &) = delete;
  Locked &operator= (const Locked &) = delete;
private:
  GMutex *mutex_;
};

AngioNet *
angio_net_new (const void  *onnx,
               gsize        size,
               GError     **error)
{
  g_return_val_if_fail (onnx != NULL || size == 0, NULL);

  try
    {
      AngioNet *self;
      cv::dnn::Net net = cv::dnn::readNetFromONNX (static_cast<const char *> (onnx), size);

      if (net.empty ())
        {
          g_set_error (error, ANGIO_NN_ERROR, ANGIO_NN_ERROR_MODEL, _("The model is empty"));
          return NULL;
        }
      net.setPreferableBackend (cv::dnn::DNN_BACKEND_OPENCV);
      net.setPreferableTarget (cv::dnn::DNN_TARGET_CPU);
      self = new AngioNet ();
      self->net = net;
      g_mutex_init (&self->lock);
      return self;
    }
  catch (const std::exception &e)
    {
      g_set_error (error, ANGIO_NN_ERROR, ANGIO_NN_ERROR_MODEL,
                   _("The model cannot be read: %s"), e.what ());
      return NULL;
    }
}

float *
angio_net_run (AngioNet     *self,
               const float  *input,
               guint         width,
               guint         height,
               guint        *out_width,
               guint        *out_height,
               GError      **error)
{
  g_return_val_if_fail (self != NULL && input != NULL, NULL);
  g_return_val_if_fail (width > 0 && height > 0, NULL);

  try
    {
      int shape[4] = { 1, 1, (int) height, (int) width };
      cv::Mat blob (4, shape, CV_32F, const_cast<float *> (input));
      cv::Mat out;
      float *result;
      gsize n;

      {
        Locked locked (&self->lock);

        self->net.setInput (blob);
        out = self->net.forward ().clone ();
      }
      if (out.dims != 4 || out.size[0] != 1 || out.size[1] != 1 || !out.isContinuous ()
          || out.type () != CV_32F)
        {
          g_set_error (error, ANGIO_NN_ERROR, ANGIO_NN_ERROR_RUN,
                       _("The model gave an output of an unexpected shape"));
          return NULL;
        }
      *out_height = out.size[2];
      *out_width = out.size[3];
      n = (gsize) *out_width * *out_height;
      result = g_new (float, n);
      memcpy (result, out.ptr<float> (), n * sizeof (float));
      return result;
    }
  catch (const std::exception &e)
    {
      g_set_error (error, ANGIO_NN_ERROR, ANGIO_NN_ERROR_RUN, _("The model failed to run: %s"),
                   e.what ());
      return NULL;
    }
}

void
angio_net_free (AngioNet *self)
{
  if (self == NULL)
    return;
  g_mutex_clear (&self->lock);
  delete self;
}
