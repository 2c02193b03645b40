// cine.vert — places the frame: @position is a corner of the unit square, @rect the frame's
// rectangle in clip space (x0, y0, x1, y1). The #version line is prepended by the program.
in vec2 position;
out vec2 uv;
uniform vec4 rect;

void main ()
{
  uv = position;
  gl_Position = vec4 (mix (rect.x, rect.z, position.x), mix (rect.y, rect.w, position.y), 0.0, 1.0);
}
