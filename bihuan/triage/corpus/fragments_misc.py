"""Openings, emotions, demands, threats and non-complaint texts for the corpus."""

from __future__ import annotations

OPENINGS = [
    "",
    "",
    "",
    "你好，",
    "您好，",
    "客服你好，",
    "我要投诉，",
    "我想反映一个问题，",
    "我要反映个情况：",
    "麻烦看一下，",
    "你们好，",
    "喂，",
    "我是你们的老客户了，",
    "实在忍不住要说一下，",
    "投诉！",
    "说个事，",
]

CONTEXTS = [
    "我{t}在{m}买了{p}，",
    "{t}下单的{p}，",
    "我{t}订的{p}，",
    "订单号{order}，",
    "{t}收到{p}以后，",
    "家里{t}装的{p}，",
    "上周买的{p}，",
    "前两天入手的{p}，",
    "",
    "",
    "",
    "刚收到{p}，",
    "{t}付的款，",
    "用了{d}的{p}，",
]

TIMES = ["昨天", "前天", "三天前", "上周", "上个月", "半个月前", "今天上午", "昨晚", "上周末", "10号", "月初"]
DURATIONS = [
    "两天",
    "三天",
    "一周",
    "一个星期",
    "半个月",
    "一个月",
    "五天",
    "十来天",
    "两个小时",
    "四十分钟",
    "一个多月",
]

# Mixed reviews: something positive first, then the complaint ("但是" shifts the weight).
MIXED = [
    "味道还可以，但是",
    "价格挺便宜，可是",
    "东西本身还行，就是",
    "包装很好看，不过",
    "客服态度还不错，但",
    "之前一直挺满意，这次",
    "位置不错，可惜",
    "性价比还行，但是",
]

EMOTION = {
    "angry": [
        "太气人了！",
        "真是气死我了！",
        "你们这是在糊弄谁？",
        "简直欺人太甚！",
        "这是什么垃圾服务！",
        "凭什么这样对待消费者？",
        "太过分了！！",
        "我真的很生气。",
        "你们就是骗子！",
        "什么玩意儿！",
        "有没有搞错！",
        "无语到极点，火大！",
        "恶心透了！",
        "这是欺负老实人吗？",
        "坑人也不带这样的！",
        "简直离谱！",
    ],
    "angry_extreme": [
        "我已经忍无可忍了！！！",
        "气得我浑身发抖！！",
        "你们再这样我真的要疯了！！！",
        "我受够了！！！一个个都是骗子！",
    ],
    "anxious": [
        "我真的很着急，",
        "到底什么时候能处理好？",
        "麻烦尽快，我急用！",
        "已经问了好几次了，还要等多久？",
        "孩子等着用，急死了，",
        "怎么还没有结果？？",
        "我每天都在催，",
        "能不能快点给个准信？",
        "担心钱退不回来，",
        "明天就要用了，怎么办啊？",
        "今天能不能处理？我等不起了。",
        "心里很慌，",
    ],
    "disappointed": [
        "太失望了。",
        "本来很信任你们的，唉。",
        "真的很失望，以后不会再买了。",
        "原以为大品牌靠谱，结果也这样。",
        "越来越差了，可惜了。",
        "白花钱了，后悔。",
        "算了，就当买个教训。",
        "以前挺好的，现在大不如前。",
        "心寒，老客户就这待遇。",
        "唉，无奈。",
    ],
    "calm": [
        "",
        "",
        "麻烦核实一下。",
        "请帮忙处理。",
        "希望能妥善处理。",
        "请尽快核实情况。",
        "具体情况见订单记录。",
        "照片已经上传。",
        "谢谢。",
        "辛苦帮忙跟进一下。",
    ],
}

DEMAND = {
    "refund": ["要求全额退款。", "请把钱退给我。", "我要退款。", "麻烦退款处理。", "钱必须退回来。"],
    "return": ["我要退货。", "申请退货退款。", "这东西我要退掉。", "请安排上门取件退货。"],
    "exchange": ["请给我换一个新的。", "要求换货。", "麻烦补发一份。", "请重新发一个正确的。", "给我调换一下。"],
    "repair": ["请安排师傅上门维修。", "希望尽快修好。", "要求免费维修。", "麻烦安排检修。", "需要返厂维修。"],
    "compensation": [
        "要求赔偿损失。",
        "必须给个赔偿。",
        "要求三倍赔偿。",
        "耽误的时间和损失请给个补偿。",
        "医药费你们得赔。",
    ],
    "apology": ["要求当事人道歉。", "你们必须给我道歉。", "至少给个道歉吧。", "我要一个正式的道歉。"],
    "explanation": [
        "请给个说法。",
        "你们得给我一个解释。",
        "请说明原因。",
        "希望给个合理的答复。",
        "到底怎么回事，给个交代。",
    ],
    "fix": ["请尽快解决。", "赶紧处理好。", "希望尽快恢复正常。", "请马上处理这个问题。", "请把问题解决掉。"],
    "none": [""],
}

# Real threats (escalation_risk = True).
THREATS = [
    "{when}就去{org}投诉。",
    "再不处理我就打{org}。",
    "我已经向{org}反映了。",
    "不解决我就找{media}曝光。",
    "我会发到{media}上让大家看看。",
    "已经咨询了律师，准备起诉。",
    "我要走法律途径。",
    "再拖我就报警。",
    "我已经在黑猫投诉上发帖了。",
    "我会一直投诉到底，直到{org}介入。",
    "{when}我就去法院起诉你们。",
    "我会联系{media}的记者。",
]
THREAT_WHEN = ["明天", "马上", "今天下午", "现在", "过两天", ""]
ORGS = ["12315", "消协", "市场监管局", "12345", "工信部", "消费者协会", "工商部门", "通信管理局"]
MEDIA = ["媒体", "微博", "抖音", "电视台", "小红书", "网上"]

# Negated or hypothetical threats (escalation_risk = False): the engine must not fire.
NON_THREATS = [
    "我也不想闹到12315，",
    "我不会去投诉的，只希望尽快处理。",
    "要不要投诉到12315呢？先看你们怎么处理。",
    "我不打算曝光，好好处理就行。",
    "没想过找媒体，只想解决问题。",
    "我并不想走法律程序，",
    "朋友说可以打12315，是真的吗？",
    "是不是要去消协才肯处理？",
]

BATCH = [
    "这一批的{p}都有这个问题。",
    "我们小区好多人都买了，都出现同样的情况。",
    "不止我一个人，群里好几个人都这样。",
    "同一批次的都有问题，建议你们召回。",
    "公司一起订的十几份，好几个同事都出现了。",
]

CLOSINGS = ["", "", "", "", "请尽快回复。", "等你们的答复。", "谢谢。", "希望引起重视。", "请认真对待。"]

# Non-complaints --------------------------------------------------------------
PRAISE = {
    "*": [
        "{m}的服务很好，点赞！",
        "表扬一下客服，耐心又专业。",
        "{p}质量不错，很满意，会回购。",
        "非常满意的一次购物，五星好评。",
        "{p}用着很好，性价比高。",
        "感谢{m}及时帮我解决问题。",
        "处理得又快又好，谢谢！",
        "{k}很辛苦，服务周到，给个好评。",
        "东西很好，和描述一致，推荐。",
        "第二次购买了，一如既往的好。",
    ],
    "food": [
        "{p}很好吃，分量足，下次还点。",
        "送得很快，{p}还是热的，赞！",
        "味道正宗，{k}也很准时。",
        "{p}新鲜好吃，包装也用心。",
        "好吃不贵，已经是第三次点了。",
        "味道不错，量也足，推荐。",
        "很快就送到了，味道棒棒的。",
    ],
    "travel": [
        "{p}干净整洁，前台很热情。",
        "导游讲解很专业，行程安排合理。",
        "位置方便，早餐丰富，下次还住。",
        "接机司机很准时，车很干净。",
    ],
    "telecom": ["{k}上门装宽带很专业，网速很快。", "营业员很耐心地帮我换了合适的套餐。"],
    "cars": ["4S店保养很快，服务热情。", "销售顾问很专业，提车很顺利。", "车开了一年没出过问题，很满意。"],
    "appliances": [
        "{p}安装师傅很专业，收拾得很干净。",
        "{p}效果很好，声音也小，满意。",
        "售后上门很及时，问题一次解决。",
    ],
}

# Positive overall, with a small reservation: still not a complaint.
MINOR_RESERVATIONS = [
    "就是包装简单了点，总体满意。",
    "唯一的缺点是价格稍微贵一点，不过值得。",
    "美中不足的是等的时间有点长，但总的来说很好。",
    "虽然有点小瑕疵，但瑕不掩瑜。",
    "说明书要是再详细些就完美了。",
    "早餐品种少了些，其他都很好。",
    "总体来说还是挺满意的，下次还会选择。",
    "整体不错，性价比可以。",
]

POLICY = [
    "请问{p}的保修期是多久？",
    "想咨询一下七天无理由退货怎么申请？",
    "请问退货的运费谁承担？",
    "{p}可以开发票吗？",
    "想了解一下会员积分怎么用？",
    "请问改签需要收手续费吗？",
    "如果不满意可以退吗？",
    "请问怎么办理{p}的变更？",
    "想问下{p}有没有延保服务？",
    "请问价保政策是怎样的？",
    "请问下单后多久能发货？",
    "换货需要准备什么材料？",
]

SUGGESTION = [
    "建议{m}在App里增加一个进度查询功能。",
    "希望以后包装可以更环保一点。",
    "建议客服电话增加夜间人工服务。",
    "如果能提供上门取件就更方便了。",
    "提个意见，{p}的说明书可以写得更清楚些。",
    "希望能增加更多支付方式。",
    "建议把退款进度做成消息提醒。",
    "希望能出一个小份的{p}，一个人吃刚好。",
]

# English (the product is bilingual; Chinese first).
EN_PROBLEMS = {
    "product.malfunction": ["The {p} stopped working after two days.", "My {p} keeps crashing and will not turn on."],
    "product.quality_defect": [
        "The {p} arrived with scratches and feels cheap.",
        "Poor quality, the {p} broke in a week.",
    ],
    "logistics.delivery_delay": ["My order is a week late and tracking has not updated.", "Delivery is delayed again."],
    "logistics.lost": ["The parcel shows delivered but I never received it.", "My package was lost."],
    "service.attitude": ["The agent was rude and hung up on me.", "Your staff were extremely rude."],
    "other.billing_dispute": [
        "I was charged twice for the same order.",
        "There is a fee on my bill I never agreed to.",
    ],
}
EN_PRODUCTS = ["phone", "headphones", "vacuum cleaner", "laptop", "coffee machine", "router"]
EN_EMOTION = {
    "angry": ["This is ridiculous and unacceptable!", "I am furious."],
    "anxious": ["I need this urgently, when will it be fixed?", "Please hurry, I am worried."],
    "disappointed": ["Very disappointed.", "I expected better, unfortunately."],
    "calm": ["", "Please look into it."],
}
EN_DEMAND = {
    "refund": "I want a full refund.",
    "exchange": "Please send a replacement.",
    "repair": "Please repair it.",
    "apology": "I expect an apology.",
    "explanation": "Please explain why.",
    "none": "",
}
EN_THREAT = "Otherwise I will contact my lawyer and report you to the regulator."
EN_PRAISE = [
    "Great service, thank you!",
    "Excellent quality, fast delivery, love it.",
    "The agent was very helpful, thanks.",
]
EN_POLICY = ["How can I return an item after 7 days?", "What is your warranty policy for the {p}?"]
