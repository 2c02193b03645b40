// cine.frag — window/level and invert of a 16-bit frame. The texture holds the stored value
// normalised to 0–1, either in one 16-bit channel or, where 16-bit textures are missing, as
// low and high bytes in two 8-bit channels (then sampled nearest, never interpolated).
in vec2 uv;
out vec4 color;
uniform sampler2D frame;
uniform float low;       // window bottom, normalised
uniform float scale;     // 1 / window width, normalised
uniform bool invert;
uniform bool two_bytes;

void main ()
{
  vec4 t = texture (frame, uv);
  float v = two_bytes ? (t.r * 255.0 + t.g * 65280.0) / 65535.0 : t.r;
  float g = clamp ((v - low) * scale, 0.0, 1.0);
  if (invert)
    g = 1.0 - g;
  color = vec4 (g, g, g, 1.0);
}
