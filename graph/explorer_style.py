"""How the explorer draws and names things: colour, shape and legend glyph per node label,
colour, dashes and width per relationship type, and the Chinese names of the properties its
panel shows (:mod:`newsgraph.graph.page_data` embeds them in the page)."""
from __future__ import annotations

from typing import Any

from ..schema import Label, RelType

__all__ = ["LABEL_STYLE", "PROPERTY_ZH", "RELTYPE_STYLE", "UNKNOWN_LABEL_STYLE",
           "UNKNOWN_RELTYPE_STYLE"]

#: Colour and vis-network shape per label; ``glyph`` is the legend's text stand-in for the shape.
LABEL_STYLE: dict[str, dict[str, str]] = {
    Label.OFFICIAL.value: {"color": "#d9485f", "shape": "dot", "glyph": "●", "zh": "官员"},
    Label.DISTRICT.value: {"color": "#3a78c2", "shape": "square", "glyph": "■", "zh": "行政区"},
    Label.PROJECT.value: {"color": "#2f9e5b", "shape": "triangle", "glyph": "▲", "zh": "项目"},
    Label.MEETING.value: {"color": "#f08c00", "shape": "diamond", "glyph": "◆", "zh": "会议"},
    Label.PERSON.value: {"color": "#8e5cc4", "shape": "star", "glyph": "★", "zh": "人物"},
    Label.ORGANIZATION.value: {"color": "#8a6a4f", "shape": "hexagon", "glyph": "⬢", "zh": "机构"},
    Label.ARTICLE.value: {"color": "#868e96", "shape": "box", "glyph": "▬", "zh": "文章"},
}
UNKNOWN_LABEL_STYLE = {"color": "#adb5bd", "shape": "dot", "glyph": "●", "zh": "其他"}

#: Colour, dash pattern (vis ``dashes``: false or [dash, gap] in px) and width per relationship.
RELTYPE_STYLE: dict[str, dict[str, Any]] = {
    RelType.ATTENDED.value: {"color": "#98a2ad", "dashes": False, "width": 1, "zh": "出席"},
    RelType.SPOKE_AT.value: {"color": "#e8590c", "dashes": False, "width": 2.5, "zh": "讲话"},
    RelType.LOCATED_IN.value: {"color": "#3a78c2", "dashes": [8, 5], "width": 1.5, "zh": "位于"},
    RelType.HOLDS_POSITION.value: {"color": "#2f9e5b", "dashes": [2, 4], "width": 2, "zh": "任职"},
    RelType.MENTIONS.value: {"color": "#ced4da", "dashes": [1, 3], "width": 1, "zh": "提及"},
}
UNKNOWN_RELTYPE_STYLE = {"color": "#adb5bd", "dashes": False, "width": 1, "zh": "其他"}

#: Chinese names of the properties, shown beside the property names in the explorer's panel
#: (the panel is bilingual); a property missing here is shown as "属性 name".
PROPERTY_ZH: dict[str, str] = {
    "titles": "职务", "title": "职务", "posts": "任职记录", "roles": "角色", "role": "角色",
    "date": "日期", "dates": "日期", "source": "来源", "sources": "来源", "level": "级别",
    "count": "次数", "confidence": "置信度", "rule": "规则", "article_id": "文章",
    "kind": "类别", "place": "地点", "full_name": "全称", "county": "区县", "start": "起", "end": "止",
}
