"""Renders a `tmux capture-pane -p -e -N` dump to PNG on an exact cell grid (pyte + Pillow, DejaVu Sans Mono)."""
import sys

import pyte
from PIL import Image, ImageDraw, ImageFont

src, out, cols, rows = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
SIZE = 28
MONO = "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf"
MONO_B = "/usr/share/fonts/truetype/dejavu/DejaVuSansMono-Bold.ttf"
f_reg, f_bold = ImageFont.truetype(MONO, SIZE), ImageFont.truetype(MONO_B, SIZE)
CW = round(f_reg.getlength("M"))
asc, desc = f_reg.getmetrics()
CH = asc + desc
# xterm's default 16 colours (pyte names them).
BASE16 = {"black": (0, 0, 0), "red": (205, 0, 0), "green": (0, 205, 0), "brown": (205, 205, 0), "blue": (0, 0, 238),
          "magenta": (205, 0, 205), "cyan": (0, 205, 205), "white": (229, 229, 229), "brightblack": (127, 127, 127),
          "brightred": (255, 0, 0), "brightgreen": (0, 255, 0), "brightbrown": (255, 255, 0), "brightblue": (92, 92, 255),
          "brightmagenta": (255, 0, 255), "brightcyan": (0, 255, 255), "brightwhite": (255, 255, 255)}
DEF_FG, DEF_BG = (229, 229, 229), (24, 24, 24)


def color(c, default):
    if c == "default":
        return default
    if c in BASE16:
        return BASE16[c]
    try:
        return tuple(int(c[i:i + 2], 16) for i in (0, 2, 4))
    except ValueError:
        return default


screen = pyte.Screen(cols, rows)
stream = pyte.Stream(screen)
stream.feed(open(src, encoding="utf-8").read().rstrip("\n").replace("\n", "\r\n"))
img = Image.new("RGB", (cols * CW, rows * CH), DEF_BG)
d = ImageDraw.Draw(img)
for y in range(rows):
    line = screen.buffer[y]
    for x in range(cols):
        c = line[x]
        fg, bg = color(c.fg, DEF_FG), color(c.bg, DEF_BG)
        if c.reverse:
            fg, bg = bg, fg
        if c.data == "" and x > 0:
            continue
        wide = x + 1 < cols and line[x + 1].data == ""
        d.rectangle([x * CW, y * CH, (x + (2 if wide else 1)) * CW - 1, (y + 1) * CH - 1], fill=bg)
        ch = c.data
        if not ch or ch == " ":
            continue
        font = f_bold if c.bold else f_reg
        if 0x2500 <= ord(ch[0]) <= 0x257F:  # stretch box drawing to the full cell so lines join
            g = Image.new("L", (CW, CH))
            ImageDraw.Draw(g).text((0, 0), ch, font=font, fill=255)
            bb = g.getbbox()
            if bb:
                gg = g.crop((0, bb[1], CW, bb[3])).resize((CW, CH)) if bb[3] - bb[1] > CH * 0.6 else g
                img.paste(Image.new("RGB", (CW, CH), fg), (x * CW, y * CH), gg)
            continue
        d.text((x * CW, y * CH), ch, font=font, fill=fg)
        if c.underscore:
            d.line([x * CW, (y + 1) * CH - 3, (x + 1) * CW - 1, (y + 1) * CH - 3], fill=fg)
img.save(out)
print(f"{out}: {img.size[0]}x{img.size[1]}")
