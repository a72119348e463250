"""Departments, teams, skills and one or more users for every role."""

from __future__ import annotations

from dataclasses import dataclass

from bihuan.accounts.models import Department, DepartmentKind, Role, Skill, Team, User

DEMO_PASSWORD = "bihuan-demo-2026"

DEPARTMENTS = [
    ("cs", "客户服务部", DepartmentKind.CUSTOMER_SERVICE),
    ("product", "产品部", DepartmentKind.PRODUCT),
    ("logistics", "仓储物流部", DepartmentKind.LOGISTICS),
    ("after_sales", "售后服务部", DepartmentKind.AFTER_SALES),
    ("legal", "法务部", DepartmentKind.LEGAL),
]
TEAMS = [
    ("客服一组", "cs"), ("客服二组", "cs"), ("专家组", "cs"), ("产品质量组", "product"),
    ("物流协调组", "logistics"), ("售后维修组", "after_sales"), ("法务合规组", "legal"),
]
SKILLS = [
    ("phone", "电话"), ("online_chat", "在线客服"), ("appliances", "家电"), ("food", "食品"),
    ("logistics", "物流"), ("legal", "法律合规"), ("english", "英语"), ("vip", "VIP 服务"),
]

# (username, display name, role, team, department, seniority, skills)
USERS = [
    ("admin", "系统管理员", Role.ADMINISTRATOR, None, "cs", 5, []),
    ("lead", "陈主管", Role.TEAM_LEAD, "客服一组", "cs", 5, ["phone", "vip"]),
    ("agent", "李晓雪", Role.AGENT, "客服一组", "cs", 1, ["phone", "online_chat"]),
    ("agent2", "王浩", Role.AGENT, "客服一组", "cs", 2, ["online_chat", "food"]),
    ("agent3", "赵敏", Role.AGENT, "客服二组", "cs", 2, ["phone", "appliances"]),
    ("agent4", "孙立", Role.AGENT, "客服二组", "cs", 1, ["online_chat", "english"]),
    ("senior", "周静（专家）", Role.SENIOR_AGENT, "专家组", "cs", 4, ["phone", "vip", "legal"]),
    ("senior2", "吴磊（专家）", Role.SENIOR_AGENT, "专家组", "cs", 4, ["phone", "appliances"]),
    ("qa", "郑质检", Role.QUALITY_INSPECTOR, None, "cs", 3, []),
    ("analyst", "冯分析", Role.ANALYST, None, "cs", 3, []),
    ("product_owner", "何经理（产品）", Role.DEPARTMENT_OWNER, "产品质量组", "product", 4, ["appliances"]),
    ("logistics_owner", "蒋经理（物流）", Role.DEPARTMENT_OWNER, "物流协调组", "logistics", 4, ["logistics"]),
    ("product_agent", "钱工（产品）", Role.AGENT, "产品质量组", "product", 3, ["appliances", "food"]),
    ("logistics_agent", "段宁（物流）", Role.AGENT, "物流协调组", "logistics", 2, ["logistics"]),
    ("aftersales", "韩工（售后）", Role.AGENT, "售后维修组", "after_sales", 3, ["appliances"]),
    ("legal_owner", "沈律师（法务）", Role.DEPARTMENT_OWNER, "法务合规组", "legal", 5, ["legal"]),
]


@dataclass
class Staff:
    departments: dict[str, Department]
    teams: dict[str, Team]
    users: dict[str, User]


def create_staff() -> Staff:
    departments = {
        code: Department.objects.update_or_create(code=code, defaults={"name": name, "kind": kind})[0]
        for code, name, kind in DEPARTMENTS
    }
    teams = {
        name: Team.objects.update_or_create(name=name, defaults={"department": departments[dept]})[0]
        for name, dept in TEAMS
    }
    skills = {
        code: Skill.objects.update_or_create(code=code, defaults={"name": name})[0]
        for code, name in SKILLS
    }
    users: dict[str, User] = {}
    for username, display, role, team, dept, seniority, skill_codes in USERS:
        user, _created = User.objects.update_or_create(
            username=username,
            defaults={
                "display_name": display, "role": role, "team": teams.get(team) if team else None,
                "department": departments[dept], "seniority": seniority,
                "is_staff": role == Role.ADMINISTRATOR, "is_superuser": role == Role.ADMINISTRATOR,
            },
        )
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
        user.skills.set([skills[s] for s in skill_codes])
        users[username] = user
    return Staff(departments=departments, teams=teams, users=users)
