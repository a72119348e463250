"""Shared fixtures: real database rows made by small factories (no mocks)."""

from __future__ import annotations

import itertools
from decimal import Decimal

import pytest
from django.utils import timezone

from bihuan.accounts.models import Department, DepartmentKind, Role, Team, User

_seq = itertools.count(1)


@pytest.fixture
def department(db) -> Department:
    return Department.objects.create(code="cs", name="客户服务部", kind=DepartmentKind.CUSTOMER_SERVICE)


@pytest.fixture
def other_department(db) -> Department:
    return Department.objects.create(code="product", name="产品部", kind=DepartmentKind.PRODUCT)


@pytest.fixture
def team(department) -> Team:
    return Team.objects.create(name="客服一组", department=department)


@pytest.fixture
def other_team(department) -> Team:
    return Team.objects.create(name="客服二组", department=department)


@pytest.fixture
def make_user(db):
    def make(role: str = Role.AGENT, *, team: Team | None = None,
             department: Department | None = None, **extra) -> User:
        n = next(_seq)
        user = User.objects.create_user(
            username=extra.pop("username", f"user{n}"), password="pw-for-tests-1",
            role=role, team=team, department=department or (team.department if team else None),
            **extra,
        )
        return user
    return make


@pytest.fixture
def agent(make_user, team) -> User:
    return make_user(Role.AGENT, team=team, username="agent")


@pytest.fixture
def admin_user(make_user, department) -> User:
    return make_user(Role.ADMINISTRATOR, department=department, username="admin",
                     is_staff=True, is_superuser=True)


@pytest.fixture
def make_customer(db):
    from bihuan.customers.models import Customer, Order, OrderItem

    def make(*, name: str = "王女士", phone: str = "", orders: int = 1, member_level: int = 0):
        n = next(_seq)
        customer = Customer.objects.create(name=name, phone=phone or f"1380000{n:04d}",
                                           member_level=member_level)
        for i in range(orders):
            order = Order.objects.create(
                order_no=f"JD2026{n:04d}{i:02d}", customer=customer, status="delivered",
                shipping_status="delivered", amount=Decimal("299.00"), placed_at=timezone.now(),
            )
            OrderItem.objects.create(order=order, product_name="智能电饭煲 4L", sku="RC-4L-1",
                                     batch="B261101", unit_price=Decimal("299.00"))
        return customer
    return make


@pytest.fixture
def make_complaint(db):
    from bihuan.complaints import services

    def make(actor: User | None = None, **fields):
        fields.setdefault("channel", "phone")
        fields.setdefault("description", "电饭煲用了两天就不加热了，要求换新。")
        # Fields exactly as given; tests of automatic triage ask for it explicitly.
        fields.setdefault("auto_triage", False)
        return services.complaint_create(actor=actor, **fields)
    return make


@pytest.fixture
def lead(make_user, team) -> User:
    """A team lead of the agent's team (approves remedies up to the lead's limit)."""
    return make_user(Role.TEAM_LEAD, team=team, username="lead")


@pytest.fixture
def resolution_library(db) -> None:
    """The default solution library and checklists (flushed by transactional tests, so re-seeded)."""
    from bihuan.resolution.defaults import seed_library
    from bihuan.resolution.models import Scenario, VerificationChecklist

    seed_library(Scenario, VerificationChecklist)


@pytest.fixture
def make_order_complaint(make_customer, make_complaint):
    """A complaint on a delivered order of `amount` yuan, delivered `days_ago` days ago."""
    from datetime import timedelta

    def make(actor: User, *, amount: str = "299.00", days_ago: int = 2, shipping: str = "delivered",
             member_level: int = 0, **fields):
        customer = make_customer(member_level=member_level)
        order = customer.orders.first()
        order.amount = Decimal(amount)
        order.shipping_status = shipping
        order.status = "delivered" if shipping == "delivered" else "shipped"
        order.delivered_at = timezone.now() - timedelta(days=days_ago) if shipping == "delivered" else None
        order.save(update_fields=["amount", "shipping_status", "status", "delivered_at"])
        fields.setdefault("category", "product")
        fields.setdefault("subcategory", "quality_defect")
        fields.setdefault("demand", "compensation")
        return make_complaint(actor=actor, order_no=order.order_no, **fields)
    return make


@pytest.fixture
def followup_defaults(db) -> None:
    """Default follow-up policies and 温馨提醒 rules (flushed by transactional tests, so re-seeded)."""
    from bihuan.followup.defaults import seed
    from bihuan.followup.models import FollowUpPolicy, ReminderRule

    seed(FollowUpPolicy, ReminderRule)


@pytest.fixture
def move_to(db):
    """Walk a complaint along the main path to `status` (each step through the complaint service)."""
    from bihuan.complaints import lifecycle, services

    def move(complaint, actor: User, status: str):
        steps = lifecycle.MAIN_STEPS
        while complaint.status != status:
            complaint = services.complaint_transition(
                complaint=complaint, actor=actor, to=steps[steps.index(complaint.status) + 1])
        return complaint
    return move
