#!/usr/bin/env python3
"""Write the seed sample as a XeLaTeX (ctex) and a Typst document, for the
peer timings in benches/README.md. Both are our own minimal GB/T 9704
layouts (版心 156 × 225 mm, 3号 body, 22 lines, red 版头 and line, page
numbers "— 1 —"); they are not committed outputs, only timed.

usage: make_peers.py SAMPLE.md OUTDIR
"""
import re
import sys
from pathlib import Path

src, out = Path(sys.argv[1]), Path(sys.argv[2])
text = src.read_text(encoding="utf-8")
_, front, body = text.split("---\n", 2)
meta = {}
for line in front.splitlines():
    m = re.match(r"^([^#:\s][^:]*):\s*(.*)$", line)
    if m:
        meta[m.group(1).strip()] = m.group(2).strip()

blocks = []  # (level, text); level 0 = paragraph
for para in re.split(r"\n\s*\n", body.strip()):
    para = " ".join(para.split("\n")).strip()
    m = re.match(r"^(#+)\s+(.*)$", para)
    blocks.append((len(m.group(1)), m.group(2)) if m else (0, para))

y, mo, d = meta["成文日期"].split("-")
date = f"{int(y)}年{int(mo)}月{int(d)}日"
pitch_mm = 225 / 22

def tex_escape(s):
    return s.replace("%", r"\%").replace("&", r"\&").replace("#", r"\#")

tex = [r"""\documentclass[a4paper,fontset=none]{ctexart}
\usepackage[top=37mm,bottom=35mm,left=28mm,right=26mm,footskip=14mm]{geometry}
\usepackage{xcolor,fancyhdr}
\setCJKmainfont{Noto Serif CJK SC}
\setCJKsansfont{Noto Sans CJK SC}
\setCJKfamilyfont{kai}{AR PL UKai CN}
\setmainfont{Liberation Serif}
\definecolor{gwred}{cmyk}{0,1,1,0}
\setlength{\parindent}{2em}
\setlength{\parskip}{0pt}
\linespread{1}\selectfont
\fontsize{16pt}{""" + f"{pitch_mm:.4f}" + r"""mm}\selectfont
\pagestyle{fancy}\fancyhf{}\renewcommand{\headrulewidth}{0pt}
\fancyfoot[C]{\fontsize{14pt}{14pt}\selectfont — \thepage{} —}
\begin{document}
\fontsize{16pt}{""" + f"{pitch_mm:.4f}" + r"""mm}\selectfont
\begin{center}
{\color{gwred}\fontsize{36pt}{40pt}\selectfont\bfseries """ + meta["发文机关"] + r"""文件}\\[12mm]
""" + meta["发文字号"] + r"""\\[2mm]
{\color{gwred}\rule{156mm}{0.35mm}}\\[10mm]
{\fontsize{22pt}{""" + f"{pitch_mm:.4f}" + r"""mm}\selectfont\bfseries """ + meta["标题"] + r"""}
\end{center}
\noindent """ + meta["主送机关"] + "：\n\n"]
for level, s in blocks:
    s = tex_escape(s)
    if level == 1:
        tex.append(r"{\sffamily " + s + "}\n\n")
    elif level == 2:
        tex.append(r"{\CJKfamily{kai} " + s + "}\n\n")
    else:
        tex.append(s + "\n\n")
tex.append(r"""\vspace{2\baselineskip}
\begin{flushright}""" + meta["发文机关署名"] + r"""\hspace{4em}\\ """ + date + r"""\hspace{4em}\end{flushright}
\end{document}
""")

typ = [f"""#set page(paper: "a4", margin: (top: 37mm, bottom: 35mm, left: 28mm, right: 26mm),
  footer: context align(center, text(size: 14pt)[— #counter(page).display() —]))
#set text(font: ("Liberation Serif", "Noto Serif CJK SC"), size: 16pt, lang: "zh", region: "cn")
#set par(leading: {pitch_mm:.4f}mm - 16pt, spacing: {pitch_mm:.4f}mm - 16pt, first-line-indent: (amount: 2em, all: true), justify: true)
#align(center)[#text(fill: cmyk(0%, 100%, 100%, 0%), size: 36pt, weight: "bold")[{meta["发文机关"]}文件]]
#v(12mm)
#align(center)[{meta["发文字号"]}]
#line(length: 156mm, stroke: 0.35mm + cmyk(0%, 100%, 100%, 0%))
#v(10mm)
#align(center)[#text(size: 22pt, weight: "bold")[{meta["标题"]}]]
#par(first-line-indent: 0em)[{meta["主送机关"]}：]
"""]
for level, s in blocks:
    s = s.replace("#", r"\#").replace("*", r"\*").replace("$", r"\$").replace("<", r"\<")
    if level == 1:
        typ.append(f'#text(font: "Noto Sans CJK SC")[{s}]\n\n')
    elif level == 2:
        typ.append(f'#text(font: "AR PL UKai")[{s}]\n\n')
    else:
        typ.append(s + "\n\n")
typ.append(f"""#v(2em)
#align(right)[{meta["发文机关署名"]}#h(4em) \\ {date}#h(4em)]
""")

out.mkdir(parents=True, exist_ok=True)
(out / "seed.tex").write_text("".join(tex), encoding="utf-8")
(out / "seed.typ").write_text("".join(typ), encoding="utf-8")
print(out / "seed.tex", out / "seed.typ")
