"""Customers with orders in the built-in order store."""

from __future__ import annotations

import random
from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from bihuan.customers.models import Customer, Order, OrderItem, OrderStatus, ShippingStatus

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
    "姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英晨阳欣怡子涵浩然雨萱梓轩一诺思远佳琪嘉怡宇航俊杰"
REGIONS = [
    ("广东", ["广州", "深圳", "东莞", "佛山"]), ("浙江", ["杭州", "宁波", "温州"]),
    ("江苏", ["南京", "苏州", "无锡"]), ("北京", ["北京"]), ("上海", ["上海"]),
    ("四川", ["成都", "绵阳"]), ("湖北", ["武汉", "宜昌"]), ("山东", ["济南", "青岛", "临沂"]),
    ("河南", ["郑州", "洛阳"]), ("陕西", ["西安"]), ("福建", ["福州", "厦门"]), ("湖南", ["长沙"]),
]
# (product, sku prefix, price range)
PRODUCTS = [
    ("智能电饭煲 4L", "RC-4L", (299, 599)), ("变频空调 1.5匹", "AC-15", (2399, 3999)),
    ("滚筒洗衣机 10kg", "WM-10", (1899, 3299)), ("婴儿配方奶粉 800g", "MF-800", (238, 398)),
    ("无线蓝牙耳机", "BT-EAR", (199, 899)), ("男士羽绒服", "DJ-M", (499, 1299)),
    ("女士运动鞋", "SH-W", (259, 699)), ("有机鲜牛奶 12盒", "MK-12", (69, 129)),
    ("扫地机器人", "RB-X", (1299, 2999)), ("5G 智能手机 256G", "PH-5G", (1999, 5999)),
    ("空气炸锅", "AF-5L", (199, 459)), ("坚果礼盒", "NT-GB", (89, 199)),
    ("儿童安全座椅", "CS-KID", (899, 1999)), ("电热水器 60L", "WH-60", (1299, 2599)),
]
SHOPS = ["官方旗舰店", "天猫旗舰店", "京东自营", "抖音小店", "微信小程序商城"]


def random_name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


def create_customers(rng: random.Random, count: int) -> list[Customer]:
    customers = []
    for i in range(count):
        province, cities = rng.choice(REGIONS)
        level = rng.choices([0, 1, 2, 3, 4, 5], weights=[30, 25, 20, 13, 8, 4])[0]
        customers.append(Customer(
            name=random_name(rng), phone=f"1{rng.choice('3578')}{rng.randrange(10**8, 10**9)}",
            wechat_id=f"wx_{rng.randrange(16**8):08x}" if rng.random() < 0.6 else "",
            member_id=f"M{100000 + i}" if level else "", member_level=level,
            province=province, city=rng.choice(cities),
        ))
    return Customer.objects.bulk_create(customers, batch_size=500)


def create_orders(rng: random.Random, customers: list[Customer]) -> list[Order]:
    now = timezone.now()
    orders, items, used = [], [], set()
    for customer in customers:
        for _ in range(rng.randint(1, 4)):
            product, sku, (lo, hi) = rng.choice(PRODUCTS)
            quantity = rng.choice((1, 1, 1, 2))
            price = Decimal(rng.randint(lo, hi))
            placed = now - timedelta(days=rng.randint(1, 120), minutes=rng.randint(0, 1440))
            shipping = rng.choices(
                [ShippingStatus.DELIVERED, ShippingStatus.IN_TRANSIT, ShippingStatus.NOT_SHIPPED,
                 ShippingStatus.LOST], weights=[75, 15, 7, 3])[0]
            status = {ShippingStatus.DELIVERED: OrderStatus.DELIVERED,
                      ShippingStatus.IN_TRANSIT: OrderStatus.SHIPPED,
                      ShippingStatus.NOT_SHIPPED: OrderStatus.PAID,
                      ShippingStatus.LOST: OrderStatus.SHIPPED}[shipping]
            order_no = f"{rng.choice(['TB', 'JD', 'DY', 'WX'])}{placed:%Y%m%d}{rng.randrange(10**6):06d}"
            if order_no in used:
                continue
            used.add(order_no)
            order = Order(
                order_no=order_no,
                customer=customer, shop=rng.choice(SHOPS), status=status, shipping_status=shipping,
                amount=price * quantity, placed_at=placed,
                delivered_at=placed + timedelta(days=rng.randint(1, 5))
                if shipping == ShippingStatus.DELIVERED else None,
            )
            orders.append(order)
            items.append(OrderItem(
                order=order, product_name=product, sku=f"{sku}-{rng.randint(1, 9)}",
                batch=f"B{placed:%y%m}{rng.randint(1, 30):02d}", quantity=quantity, unit_price=price,
            ))
    Order.objects.bulk_create(orders, batch_size=500, ignore_conflicts=False)
    OrderItem.objects.bulk_create(items, batch_size=500)
    return orders
