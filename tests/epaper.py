"""E-paper pages for the tests: articles in the genre's style, laid out as PDF pages with
reportlab (its built-in CID font STSong-Light: no font file needed), and the same articles as
the plain text a ``.txt`` page holds.

``tests/conftest.py`` makes it importable as ``epaper``.
"""
from __future__ import annotations

import dataclasses
import io
from dataclasses import dataclass, field

MASTHEAD = "通州时讯"
DATE_LINE = "2023年7月20日 星期四"


@dataclass
class Story:
    """One article as printed: headlines (main first, then the deck), body paragraphs, an
    optional credit line after the body and an optional photo with its caption."""

    headlines: list[str]
    paragraphs: list[str]
    credit: str | None = None
    caption: str | None = None
    #: The photo stands inside paragraph ``photo_in`` (after its second line), its caption
    #: read after that paragraph; None: the photo follows the body.
    photo_in: int | None = None

    def text(self) -> str:
        paras = list(self.paragraphs)
        if self.caption and self.photo_in is not None:
            paras.insert(self.photo_in + 1, self.caption)
        parts = list(self.headlines) + paras
        parts += [self.credit] if self.credit else []
        parts += [self.caption] if self.caption and self.photo_in is None else []
        return "\n\n".join(parts)


@dataclass
class Region:
    """Where a story goes on the page: x from ``left`` to ``right``, y from ``top`` down,
    body in ``columns`` columns (PDF points, origin bottom left)."""

    left: float
    right: float
    top: float
    columns: int
    headline_span: bool = True  # headline across all columns (else over the first only)


@dataclass
class Page:
    stories: list[tuple[Story, Region]]
    label: str = "第2版"
    section: str = "要闻"
    date_line: str = DATE_LINE
    fake_bold: bool = True
    headline_after_body: bool = True  # drawn after the body, as the PDF text dumps show
    rules: bool = True  # a rule under the header and above the footer
    extras: list = field(default_factory=list)


STORIES = {
    "meeting": Story(
        headlines=["通州区召开月度工作点评会", "孟景伟点评 郑皓赵玉影张德启参加"],
        paragraphs=[
            "本报讯（记者 金耀飞）昨天下午，通州区召开月度工作点评会，新华街道、北苑街道、中仓街道、"
            "潞邑街道、西集镇、于家务乡党（工）委书记依次发言，并接受区委书记孟景伟现场点评。区委副书记、"
            "区长郑皓，区委常委、区政府办公室主任赵玉影，区政协主席张德启参加。",
            "六个单位发言后，孟景伟逐一点评。新华街道开展“三大三强”活动扎实有效，抓财源建设力度大，"
            "创建“基本无违法建设区”工作精细高效，基层治理工作有创新，但在落实党内政治生活、接诉即办、"
            "大气污染防治等方面仍存在不足。北苑街道推进招商引资力度大，优化辖区营商环境措施实，"
            "基层治理思路活，但在基层党员干部教育培训、网格化管理等方面仍需提升。",
            "孟景伟指出，下一步，各单位要全面深入贯彻落实市委全会精神，认真分析研究当前经济形势，"
            "充分激发推动高质量发展的积极性主动性创造性，确保全年目标任务圆满完成。",
        ],
        credit="（记者 金耀飞）",
        caption="图为点评会现场。 本报记者 陶涛 摄",
    ),
    "two_zones": Story(
        headlines=["通州区“两区”工作领导小组召开全体会议", "孟景伟讲话 郑皓参加"],
        paragraphs=[
            "本报讯（记者 赵紫楠）昨天下午，通州区“两区”工作领导小组召开2023年第一次全体会议，"
            "传达学习市“两区”工作领导小组会议精神，总结2022年通州区“两区”工作情况，部署下一阶段重点工作。"
            "区委书记、区“两区”工作领导小组组长孟景伟主持并讲话。区委副书记、代区长郑皓，区委副书记陈江华出席。",
            "会议指出，“两区”建设是推动高质量发展的重要抓手。2022年以来，全区上下提高政治站位，"
            "强化责任担当，持续推进“两区”建设稳步前行，各项工作取得了积极进展。",
            "会议要求，要进一步深化政策制度创新，推动“两区”政策效能进一步释放，围绕绿色发展实践、"
            "营商环境优化等特色领域，为首都高质量发展贡献更多可复制可推广的“副中心经验”。",
        ],
    ),
    "project": Story(
        headlines=["台湖镇演艺小镇建设加快推进"],
        paragraphs=[
            "本报讯（记者 陶涛）7月18日，区委副书记、区长郑皓到台湖镇调研台湖演艺小镇建设。"
            "台湖镇副镇长张治国介绍了项目进展情况。",
            "郑皓强调，要坚持高标准规划、高质量建设，加快推进台湖演艺小镇重点项目建设，"
            "完善配套服务设施，让群众共享文化发展成果。",
        ],
        credit="（通州区融媒体中心供稿）",
    ),
}


def page_text(page: Page) -> str:
    """The page as a ``.txt`` file holds it: the masthead line, then the stories in order."""
    head = f"{MASTHEAD} {page.date_line} {page.label}"
    return "\n\n".join([head] + [story.text() for story, _ in page.stories]) + "\n"


def build_pdf(pages: list[Page]) -> bytes:
    """The pages as a PDF (A4 portrait), one PDF page per :class:`Page`."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    font = "STSong-Light"
    pdfmetrics.registerFont(UnicodeCIDFont(font))
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(595, 842))
    width = lambda s, size: pdfmetrics.stringWidth(s, font, size)  # noqa: E731

    def draw(s, x, y, size, bold=False):
        c.setFont(font, size)
        c.drawString(x, y, s)
        if bold:  # fake bold: the same text again, a little to the right
            c.drawString(x + 0.4, y, s)

    for page in pages:
        # Masthead and header rule; footer rule and footer.
        draw(MASTHEAD, 40, 806, 24, bold=page.fake_bold)
        draw(f"{page.date_line}  {page.label} {page.section}", 555 - width(
            f"{page.date_line}  {page.label} {page.section}", 9), 808, 9)
        if page.rules:
            c.setLineWidth(1)
            c.line(40, 796, 555, 796)
            c.line(40, 46, 555, 46)
        draw(f"{page.label} {page.section}  责任编辑：王明  美术编辑：李静", 40, 34, 8)
        draw("通州时讯社出版", 555 - width("通州时讯社出版", 8), 34, 8)
        for story, region in page.stories:
            _draw_story(c, draw, width, story, region, page)
        for extra in page.extras:
            extra(c)
        c.showPage()
    c.save()
    return buf.getvalue()


def _wrap(text: str, line_width: float, first_indent: float, size: float, width) -> list[str]:
    lines, cur, avail = [], "", line_width - first_indent
    for ch in text:
        if cur and width(cur + ch, size) > avail:
            lines.append(cur)
            cur, avail = "", line_width
        cur += ch
    if cur:
        lines.append(cur)
    return lines


def _draw_story(c, draw, width, story: Story, region: Region, page: Page) -> None:
    body, lead = 10.0, 15.0  # body size and line pitch
    gutter = 14.0
    col_w = (region.right - region.left - gutter * (region.columns - 1)) / region.columns
    # Headlines: the main one large and bold, the deck in body size and bold.
    heads = []
    y = region.top
    for i, h in enumerate(story.headlines):
        span_right = region.right if region.headline_span else region.left + col_w
        # as large as the span allows: a headline never runs past its story
        size = min(20.0 if i == 0 else 11.0, (span_right - region.left) / (len(h) + 1))
        y -= size * 1.5
        x = (region.left + span_right - width(h, size)) / 2
        heads.append((h, x, y, size))
    y -= 12
    # Body lines: (text, indent), then the credit, right-aligned.
    items: list[tuple[str, float]] = []
    photo_rows = 6  # a photo 60 pt high and its caption under it, in body lines
    for i, para in enumerate(story.paragraphs):
        for j, ln in enumerate(_wrap(para, col_w, 2 * body, body, width)):
            items.append((ln, 2 * body if j == 0 else 0.0))
            if story.caption and story.photo_in == i and j == 1:
                items += [(None, 0.0)] * photo_rows
    if story.credit:
        items.append((story.credit, col_w - width(story.credit, body)))
    per_col = -(-len(items) // region.columns)
    body_top = y

    def draw_body():
        for k, (ln, indent) in enumerate(items):
            col, row = divmod(k, per_col)
            x = region.left + col * (col_w + gutter) + indent
            if ln is not None:
                draw(ln, x, body_top - row * lead, body)
            elif k == 0 or items[k - 1][0] is not None:  # the photo's first row
                y = body_top - row * lead
                c.setFillGray(0.8)
                c.rect(x, y - 62, col_w, 66, stroke=0, fill=1)
                c.setFillGray(0)
                draw(story.caption, x, y - 74, 8)

    def draw_heads():
        for h, x, hy, size in heads:
            draw(h, x, hy, size, bold=page.fake_bold)

    if page.headline_after_body:
        draw_body()
        draw_heads()
    else:
        draw_heads()
        draw_body()
    if story.caption and story.photo_in is None:
        last_col = (len(items) - 1) // per_col
        rows_in_last = len(items) - last_col * per_col
        x = region.left + last_col * (col_w + gutter)
        photo_top = body_top - rows_in_last * lead - 4
        c.setFillGray(0.8)
        c.rect(x, photo_top - 60, col_w, 60, stroke=0, fill=1)
        c.setFillGray(0)
        draw(story.caption, x, photo_top - 72, 8)


def scanned_pdf() -> bytes:
    """A one-page PDF holding only an image (a scanned page: no text layer)."""
    from PIL import Image
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    img = Image.new("L", (200, 280), 255)
    for x in range(20, 180):
        for y in range(30, 40):
            img.putpixel((x, y), 0)
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(595, 842))
    c.drawImage(ImageReader(img), 40, 40, 515, 760)
    c.showPage()
    c.save()
    return buf.getvalue()


def web_page(story: Story, date: str, *, charset: str = "utf-8") -> str:
    """The story as a district government site's article page: banner, menu, breadcrumb, title,
    a source/date line with font-size and share buttons, the text, editor, print/close buttons,
    related news and the site footer."""
    deck = "".join(f"<h2>{h}</h2>" for h in story.headlines[1:])
    paras = list(story.paragraphs) + ([story.credit] if story.credit else [])
    body = "\n".join(f"<p>\u3000\u3000{p}</p>" for p in paras)
    if story.caption:
        body += f'\n<p style="text-align:center"><img src="p.jpg"></p><p>{story.caption}</p>'
    return f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="{charset}">
<title>{story.headlines[0]}_北京市通州区人民政府网</title>
<link rel="stylesheet" href="/css/main.css"><script src="/js/jquery.js"></script>
</head><body>
<div class="top"><img src="logo.png" alt="北京市通州区人民政府"><span>北京市通州区人民政府</span>
<form><input name="q"><button>搜索</button></form></div>
<div class="nav"><ul><li><a href="/">首页</a></li><li><a href="/zwgk/">政务公开</a></li>
<li><a href="/xwzx/">新闻中心</a></li><li><a href="/bsfw/">办事服务</a></li><li><a href="/hdjl/">互动交流</a></li></ul></div>
<div class="crumb">当前位置：<a href="/">首页</a> &gt; <a href="/xwzx/">新闻中心</a> &gt; <a href="/xwzx/tzyw/">通州要闻</a></div>
<div class="article">
<h1>{story.headlines[0]}</h1>{deck}
<div class="info">发布时间：{date} 09:30　来源：通州时讯　【字体：<a>大</a> <a>中</a> <a>小</a>】　<a class="share">分享到：微信 微博</a></div>
<div class="content" id="zoom">
{body}
</div>
<div class="editor">责任编辑：王明</div>
<div class="tools">【<a href="javascript:window.print()">打印</a>】【<a href="javascript:window.close()">关闭</a>】</div>
</div>
<div class="related"><h3>相关新闻</h3><ul><li><a href="/a1.html">通州区召开安全生产工作会</a></li>
<li><a href="/a2.html">区领导调研防汛工作</a></li><li><a href="/a3.html">潞城镇召开党建工作会</a></li></ul></div>
<div class="footer"><p>主办单位：北京市通州区人民政府办公室　承办单位：北京市通州区政务服务中心</p>
<p>京ICP备05084567号　京公网安备11011202000001号</p><p>地址：北京市通州区新华北路1号　电话：010-69543210</p></div>
</body></html>
"""


def without_page_offsets(graph: dict) -> dict:
    """A node-link graph without the Article nodes' offsets in their page: a PDF page's text holds
    no masthead line (that is page metadata), nor does a web page's, so its articles start
    earlier in it than in the ``.txt`` page."""
    for node in graph["nodes"]:
        if node["label"] == "Article":
            node.pop("start")
            node.pop("end")
    return graph
