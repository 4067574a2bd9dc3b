"""The reader's vocabulary, kept as data so a new office's wording is a list edit.

Every list here is matched literally (longest first where order matters).
"""

from __future__ import annotations

# Leaders' titles; an organisation prefix (市委, 县委 …) may stand before them.
TITLES: tuple[str, ...] = (
    "常务副市长",
    "常务副县长",
    "常务副区长",
    "副总队长",
    "副支队长",
    "副大队长",
    "总队长",
    "支队长",
    "大队长",
    "副书记",
    "副市长",
    "副县长",
    "副区长",
    "副省长",
    "副局长",
    "副部长",
    "副主任",
    "副镇长",
    "副政委",
    "秘书长",
    "教导员",
    "书记",
    "市长",
    "县长",
    "区长",
    "省长",
    "镇长",
    "乡长",
    "政委",
    "主任",
    "局长",
    "部长",
    "厅长",
    "处长",
    "科长",
    "站长",
    "所长",
    "主席",
)

# Characters that end an organisation's name, never a person's given name.
ORG_ENDINGS = "委局部厅办队府院会省市县区镇乡街站所处科室心司"

# Common family names: a run of three characters before a title is a full
# name only when it starts with one of these ("刘占明"); otherwise the last
# two characters are the given name ("按照炳森" → "炳森").
SURNAMES = set(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
    "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝"
    "龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞"
    "左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕"
    "屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧"
    "闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝"
)

# Words that may stand between a title and the name that follows it
# ("县委书记王建国作出批示") and mark the end of that name.
AFTER_NAME = (
    "作出",
    "做出",
    "批示",
    "跟批",
    "圈阅",
    "带队",
    "率队",
    "带领",
    "主持",
    "指出",
    "强调",
    "提出",
    "要求",
    "出席",
    "参加",
    "将",
    "在",
    "对",
    "于",
    "到",
    "赴",
    "深入",
    "听取",
    "组织",
    "通报",
    "讲话",
    "，",
    "。",
    "、",
)

# Instruction verbs and the kind each gives.
INSTRUCTION_KINDS: tuple[tuple[str, str], ...] = (
    ("跟批", "follow_up"),
    ("圈阅", "read"),
    ("批示", "instruction"),
    ("作出指示", "instruction"),
    ("阅示", "read"),
)

# What an instruction's carrier is called when it has no 《》 title.
SOURCE_ENDINGS = ("专报", "简报", "快报", "要情", "报告", "文章", "信息", "通报", "来信", "函")

# Verbs introducing a document after its issuer ("市消安委印发《…》").
ISSUE_VERBS = ("印发", "下发", "发布", "出台", "转发", "制定", "制发", "发来", "下达")

# Methods of a supervision visit.
INSPECTION_METHODS = (
    "四不两直",
    "明察暗访",
    "双随机",
    "夜查",
    "暗访",
    "突击检查",
    "联合检查",
    "交叉检查",
)
INSPECTION_VERBS = ("检查", "暗访", "夜查", "督导", "排查", "抽查", "巡查", "督查")
LEAD_VERBS = ("带队", "率队", "带领")

# Enforcement measures, longest first so 临时查封 is not also 查封.
ENFORCEMENT = (
    "临时查封",
    "责令停产停业",
    "责令改正",
    "责令整改",
    "停产停业",
    "行政拘留",
    "罚款",
    "查封",
    "三停",
    "约谈",
    "曝光",
    "扣押",
    "拘留",
)

# Units of counts.
UNITS = (
    "平方米",
    "万元",
    "公里",
    "个",
    "件",
    "处",
    "家",
    "起",
    "人",
    "次",
    "名",
    "项",
    "期",
    "台",
    "座",
    "条",
    "栋",
    "幢",
    "户",
    "辆",
    "具",
    "支",
    "所",
    "元",
    "吨",
    "米",
    "场",
    "批",
    "份",
    "轮",
    "根",
    "套",
    "部",
    "单",
    "宗",
    "例",
    "万",
)

# Words that make a count a statistic rather than a passing number.
STATISTIC_CUES = (
    "同比",
    "环比",
    "较去年同期",
    "较上年同期",
    "较上月",
    "较上周",
    "较上期",
    "截止",
    "截至",
    "累计",
    "共计",
    "共",
    "合计",
    "总计",
)
YOY_CUES = ("同比", "较去年同期", "较上年同期", "比去年同期", "较去年")
MOM_CUES = ("环比", "较上月", "较上周", "较上期", "比上月", "比上周")
RISE_WORDS = ("增长", "上升", "提高", "增加", "上涨", "多")
FALL_WORDS = ("下降", "减少", "降低", "下滑", "回落", "少")

# Verbs before the object of a quantitative target ("新建市政消火栓100个").
TARGET_VERBS = (
    "新建",
    "建成",
    "新增",
    "增设",
    "建设",
    "改造",
    "安装",
    "配备",
    "更换",
    "完成",
    "培训",
    "达到",
    "新配",
)

# Meeting cues for a paragraph outside a meetings section.
MEETING_CUES = ("召开", "会议", "常委会", "专题会", "调度会", "推进会", "听取")

# Section headings and the record kind they announce.
SECTION_KINDS: tuple[tuple[str, str], ...] = (
    ("批示", "instructions"),
    ("会议", "meetings"),
    ("督导", "inspections"),
    ("检查", "inspections"),
    ("文件", "documents"),
    ("工作要求", "documents"),
)
