/* angio-cine-view-gl.c — shaders, texture and quad of the cine view.
 *
 * A frame is uploaded once, as a normalised 16-bit texture (GL_R16); window/level and invert
 * are uniforms, so changing them costs no upload. Where 16-bit textures are missing (GLES
 * without EXT_texture_norm16) the frame travels as two 8-bit channels and the shader puts the
 * bytes back together; that path samples nearest, since interpolating bytes apart is wrong.
 */
#define G_LOG_DOMAIN "angio-cine-view"

#include "config.h"

#include <string.h>

#include <epoxy/gl.h>
#include <glib/gi18n-lib.h>

#include "angio-cine-view.h"
#include "angio-cine-view-private.h"

#define SHADER_PATH "/io/github/angiomark/Angiomark/shaders/"

struct _AngioCineGl
{
  GLuint program;
  GLuint vao;
  GLuint vbo;
  GLuint texture;
  GLint u_rect;
  GLint u_low;
  GLint u_scale;
  GLint u_invert;
  GLint u_packed;
  GLint u_frame;
  gboolean es;
  gboolean packed;
  guint width;
  guint height;
  gboolean smooth;
  GArray *staging;    /* packed path: bytes of the frame */
  char *description;
};

static GLuint
compile (GLenum       type,
         const char  *resource,
         gboolean     es,
         GError     **error)
{
  g_autoptr(GBytes) bytes = g_resources_lookup_data (resource, 0, error);
  const char *header = es ? "#version 300 es\nprecision highp float;\n" : "#version 150\n";
  const char *sources[2];
  GLint lengths[2], ok = 0;
  GLuint shader;

  if (bytes == NULL)
    return 0;
  sources[0] = header;
  lengths[0] = (GLint) strlen (header);
  sources[1] = g_bytes_get_data (bytes, NULL);
  lengths[1] = (GLint) g_bytes_get_size (bytes);
  shader = glCreateShader (type);
  glShaderSource (shader, 2, sources, lengths);
  glCompileShader (shader);
  glGetShaderiv (shader, GL_COMPILE_STATUS, &ok);
  if (!ok)
    {
      char log[1024] = "";

      glGetShaderInfoLog (shader, sizeof log, NULL, log);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("The %s shader does not compile: %s"),
                   resource, log);
      glDeleteShader (shader);
      return 0;
    }
  return shader;
}

static gboolean
link_program (AngioCineGl  *gl,
              GError      **error)
{
  GLuint vertex = compile (GL_VERTEX_SHADER, SHADER_PATH "cine.vert", gl->es, error);
  GLuint fragment = vertex ? compile (GL_FRAGMENT_SHADER, SHADER_PATH "cine.frag", gl->es,
                                      error) : 0;
  GLint ok = 0;

  if (fragment == 0)
    {
      if (vertex)
        glDeleteShader (vertex);
      return FALSE;
    }
  gl->program = glCreateProgram ();
  glAttachShader (gl->program, vertex);
  glAttachShader (gl->program, fragment);
  glBindAttribLocation (gl->program, 0, "position");
  glLinkProgram (gl->program);
  glDeleteShader (vertex);
  glDeleteShader (fragment);
  glGetProgramiv (gl->program, GL_LINK_STATUS, &ok);
  if (!ok)
    {
      char log[1024] = "";

      glGetProgramInfoLog (gl->program, sizeof log, NULL, log);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("The cine shaders do not link: %s"),
                   log);
      return FALSE;
    }
  gl->u_rect = glGetUniformLocation (gl->program, "rect");
  gl->u_low = glGetUniformLocation (gl->program, "low");
  gl->u_scale = glGetUniformLocation (gl->program, "scale");
  gl->u_invert = glGetUniformLocation (gl->program, "invert");
  gl->u_packed = glGetUniformLocation (gl->program, "two_bytes");
  gl->u_frame = glGetUniformLocation (gl->program, "frame");
  return TRUE;
}

AngioCineGl *
angio_cine_gl_new (GdkGLContext  *context,
                   GError       **error)
{
  static const float corners[] = { 0, 0, 1, 0, 0, 1, 1, 1 };
  AngioCineGl *gl = g_new0 (AngioCineGl, 1);
  int major, minor;

  gl->es = gdk_gl_context_get_use_es (context);
  gdk_gl_context_get_version (context, &major, &minor);
  /* Desktop GL 3.0+ always has R16; GLES needs the extension. $ANGIOMARK_GL_TWO_BYTES forces
   * the fallback, so that it is tested where R16 exists. */
  gl->packed = (gl->es && !epoxy_has_gl_extension ("GL_EXT_texture_norm16"))
               || g_getenv ("ANGIOMARK_GL_TWO_BYTES") != NULL;
  gl->description = g_strdup_printf ("%s %d.%d, %s", gl->es ? "OpenGL ES" : "OpenGL", major,
                                     minor, gl->packed ? "RG8" : "R16");
  gl->staging = g_array_new (FALSE, FALSE, 1);
  if (!link_program (gl, error))
    {
      angio_cine_gl_free (gl);
      return NULL;
    }

  glGenVertexArrays (1, &gl->vao);
  glBindVertexArray (gl->vao);
  glGenBuffers (1, &gl->vbo);
  glBindBuffer (GL_ARRAY_BUFFER, gl->vbo);
  glBufferData (GL_ARRAY_BUFFER, sizeof corners, corners, GL_STATIC_DRAW);
  glEnableVertexAttribArray (0);
  glVertexAttribPointer (0, 2, GL_FLOAT, GL_FALSE, 0, NULL);
  glBindVertexArray (0);

  glGenTextures (1, &gl->texture);
  glBindTexture (GL_TEXTURE_2D, gl->texture);
  glTexParameteri (GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
  glTexParameteri (GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
  glTexParameteri (GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
  glTexParameteri (GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
  return gl;
}

void
angio_cine_gl_free (AngioCineGl *gl)
{
  if (gl == NULL)
    return;
  if (gl->texture)
    glDeleteTextures (1, &gl->texture);
  if (gl->vbo)
    glDeleteBuffers (1, &gl->vbo);
  if (gl->vao)
    glDeleteVertexArrays (1, &gl->vao);
  if (gl->program)
    glDeleteProgram (gl->program);
  g_array_unref (gl->staging);
  g_free (gl->description);
  g_free (gl);
}

void
angio_cine_gl_upload (AngioCineGl   *gl,
                      const guint16 *pixels,
                      guint          width,
                      guint          height)
{
  gboolean resize = width != gl->width || height != gl->height;
  const void *data = pixels;
  GLenum format = GL_RED, type = GL_UNSIGNED_SHORT;
  GLint internal = GL_R16;

  if (gl->packed)
    {
      /* Little-endian hosts: the bytes of each value already are (low, high). */
      g_array_set_size (gl->staging, (gsize) width * height * 2);
      memcpy (gl->staging->data, pixels, gl->staging->len);
      data = gl->staging->data;
      format = GL_RG;
      type = GL_UNSIGNED_BYTE;
      internal = GL_RG8;
    }
  glBindTexture (GL_TEXTURE_2D, gl->texture);
  glPixelStorei (GL_UNPACK_ALIGNMENT, 2);
  if (resize)
    glTexImage2D (GL_TEXTURE_2D, 0, internal, (GLsizei) width, (GLsizei) height, 0, format,
                  type, data);
  else
    glTexSubImage2D (GL_TEXTURE_2D, 0, 0, 0, (GLsizei) width, (GLsizei) height, format, type,
                     data);
  gl->width = width;
  gl->height = height;
}

void
angio_cine_gl_clear (AngioCineGl *gl,
                     int          viewport_width,
                     int          viewport_height)
{
  glViewport (0, 0, viewport_width, viewport_height);
  glClearColor (0, 0, 0, 1);
  glClear (GL_COLOR_BUFFER_BIT);
}

void
angio_cine_gl_finish (AngioCineGl *gl)
{
  glFinish ();
}

void
angio_cine_gl_draw (AngioCineGl             *gl,
                    const AngioCineGlParams *p)
{
  gboolean smooth = p->smooth && !gl->packed;

  angio_cine_gl_clear (gl, p->viewport_width, p->viewport_height);
  if (gl->width == 0)
    return;

  glUseProgram (gl->program);
  glActiveTexture (GL_TEXTURE0);
  glBindTexture (GL_TEXTURE_2D, gl->texture);
  if (smooth != gl->smooth)
    {
      GLint filter = smooth ? GL_LINEAR : GL_NEAREST;

      glTexParameteri (GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, filter);
      glTexParameteri (GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, filter);
      gl->smooth = smooth;
    }
  glUniform1i (gl->u_frame, 0);
  /* Texture rows run top to bottom: v = 0 is the first row, at the top of the rectangle. */
  glUniform4f (gl->u_rect, p->rect[0], p->rect[1], p->rect[2], p->rect[3]);
  glUniform1f (gl->u_low, p->low);
  glUniform1f (gl->u_scale, p->scale);
  glUniform1i (gl->u_invert, p->invert);
  glUniform1i (gl->u_packed, gl->packed);
  glBindVertexArray (gl->vao);
  glDrawArrays (GL_TRIANGLE_STRIP, 0, 4);
  glBindVertexArray (0);
  glUseProgram (0);
}

gboolean
angio_cine_gl_is_packed (AngioCineGl *gl)
{
  return gl->packed;
}

const char *
angio_cine_gl_describe (AngioCineGl *gl)
{
  return gl->description;
}

gboolean
angio_cine_view_gl_is_software (GdkDisplay *display)
{
  g_autoptr(GdkGLContext) context = NULL;
  const char *renderer;
  gboolean software;

  g_return_val_if_fail (GDK_IS_DISPLAY (display), FALSE);

  context = gdk_display_create_gl_context (display, NULL);
  if (context == NULL || !gdk_gl_context_realize (context, NULL))
    return FALSE;
  gdk_gl_context_make_current (context);
  renderer = (const char *) glGetString (GL_RENDERER);
  software = renderer != NULL && (strstr (renderer, "llvmpipe") != NULL
                                  || strstr (renderer, "softpipe") != NULL
                                  || strstr (renderer, "swrast") != NULL);
  g_debug ("OpenGL renderer: %s", renderer ? renderer : "?");
  gdk_gl_context_clear_current ();
  return software;
}
