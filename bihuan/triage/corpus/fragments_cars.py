"""Car-owner complaint titles, written for Bihuan: vehicle faults (product) and
dealer / 4S-store / after-sales problems (service).

Car complaint platforms use short titles "车型 + 故障 + 售后问题", often both at
once, so the generator combines them and labels such titles with both
categories. Keys of ``SERVICE`` are Bihuan service sub-categories; fees are a
billing dispute. "|"-separated strings keep the lists compact.
"""

from __future__ import annotations


def _s(text: str) -> list[str]:
    return [t.strip() for t in text.split("|") if t.strip()]


MODELS = _s(
    "某品牌轿车|国产SUV|合资紧凑车|新能源车|插混SUV|七座MPV|皮卡|进口豪华车|小型电动车|家用轿车|混动车|纯电SUV"
    "|某合资品牌中型车|自主品牌SUV|新买的两厢车"
)
PARTS = _s(
    "发动机|变速箱|离合器|方向盘|刹车|轮胎|悬挂|底盘|车身|天窗|车门|车窗|座椅|中控屏|车机|空调|大灯|雨刮|电瓶"
    "|动力电池|充电口|仪表盘|倒车影像|钥匙|后视镜|排气管|油箱|水箱|减震器|转向机|节气门|涡轮"
)
FAULTS = _s(
    "异响|抖动|漏油|渗油|故障灯亮|失灵|死机|黑屏|卡顿|不制冷|漏水|生锈|开裂|变形|起雾|报警|无法启动|频繁熄火"
    "|顿挫|打滑|跑偏|松动|掉漆|鼓包|异味|过热|耗电快|无法充电|断裂|噪音大|不回正|无法升级"
)
PRODUCT_TITLES = _s(
    "行驶中突然熄火|冷车启动困难|烧机油严重|机油乳化|加速无力|怠速抖动明显|油耗过高|低速换挡顿挫|高速行驶方向盘发抖"
    "|刹车踏板变硬|刹车时车辆抖动|轮胎异常磨损|车身多处异响|下雨天天窗漏水|车内异味刺鼻|中控屏频繁黑屏|车机系统卡顿死机"
    "|空调出风有异味|大灯内部起雾|车漆起泡生锈|防冻液渗漏|水温过高报警|自动启停失灵|续航严重缩水|电池包故障无法充电"
    "|ESP故障灯常亮|胎压监测误报|安全气囊故障灯亮|倒车雷达失灵|电子手刹故障|后备箱无法打开|车门密封条脱落"
    "|座椅加热不工作|仪表盘显示异常|方向助力时有时无|涡轮增压器损坏|变速箱进水|底盘生锈严重|排气管冒白烟"
)
SERVICE: dict[str, list[str]] = {
    "service.refused_warranty": _s(
        "4S店拒绝保修|经销商以人为损坏为由拒保|质保期内厂家不给换|4S店不予索赔|售后拒绝三包|4S店说是正常现象不处理"
        "|厂家拒绝召回|经销商拒绝退换车|4S店不给出检测报告|要求换车被拒|4S店维修后问题依旧|多次维修未解决"
        "|维修了三次都没修好|4S店维修不当导致新故障|越修问题越多|维修技术差|修完出现新的问题|4S店检测不出原因"
    ),
    "service.attitude": _s(
        "4S店服务态度恶劣|售后人员态度差|销售顾问爱理不理|服务经理恶语相向|4S店工作人员推搡车主|售后服务差"
    ),
    "service.slow_response": _s(
        "配件一直缺货|4S店无法提供配件|等配件等了三个月|厂家迟迟不发配件|售后维修配件无货|车在4S店停了一个月没人管"
        "|厂家客服不回复|投诉后厂家一直未回复|4S店拖延维修|预约保养要排很久|厂家不回复处理意见|售后迟迟不给处理结果"
    ),
    "service.broken_promise": _s(
        "经销商承诺不兑现|销售承诺的赠品未兑现|置换补贴不兑现|承诺的免费保养未兑现|厂家承诺系统升级未兑现"
        "|销售欺诈|隐瞒事故车|把展车当新车卖|隐瞒车辆维修史|新车是翻新车|合同配置与实车不符|销售虚假宣传"
        "|配置与宣传不符|实际续航与宣传不符|车辆功能与宣传不符|提车时发现是库存车|承诺的终身质保不认账"
    ),
    "service.blame_shifting": _s(
        "4S店和厂家互相推诿|经销商让找厂家|厂家让找经销商|售后推卸责任|4S店踢皮球|客服让回店处理店里又推给厂家"
    ),
    "other.billing_dispute": _s(
        "4S店收取检测费|4S店乱收费|强制收取金融服务费|加价提车|保养收费过高|强制购买保险|收取出库费|强制加装精品"
        "|捆绑销售装潢|维修费用不透明|被收取上牌费|定金不予退还|保养时强制推销燃油宝"
    ),
}
DEMANDS = _s(
    "要求厂家解决|希望尽快处理|要求换车|要求退车|要求赔偿损失|要求给个说法|希望厂家重视|要求彻底维修|要求延长质保"
)
# Owner narrative openings for longer car complaints.
OPENERS = _s("车辆购买不到半年，|新车提车一个月，|车子刚过首保，|开了一万公里后，|质保期内，|今年三月在4S店提车，")
