"""The complaints mailbox: unseen mails become complaints once, through real imaplib against a local server.

The IMAP server is the edge of the world, so the test runs a small honest one on loopback: it
speaks the part of IMAP4rev1 the poller uses (LOGIN, SELECT, UID SEARCH UNSEEN, UID FETCH
BODY.PEEK[], UID STORE +FLAGS \\Seen, LOGOUT) and keeps each message's \\Seen flag.
"""

from __future__ import annotations

import re
import socketserver
import threading
from email.message import EmailMessage

import pytest
from django.core.management import call_command

from bihuan.complaints.models import Complaint
from bihuan.intake.models import RejectedDelivery
from bihuan.intake.services.imap import ImapMailbox, imap_poll

pytestmark = pytest.mark.django_db


class FakeImap(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True

    def __init__(self) -> None:
        self.messages: dict[int, list] = {}  # uid -> [raw bytes, seen]
        super().__init__(("127.0.0.1", 0), _Handler)

    def add(self, raw: bytes) -> int:
        uid = len(self.messages) + 1
        self.messages[uid] = [raw, False]
        return uid


class _Handler(socketserver.StreamRequestHandler):
    def handle(self) -> None:
        box: FakeImap = self.server  # type: ignore[assignment]
        self.wfile.write(b"* OK IMAP4rev1 fake ready\r\n")
        while line := self.rfile.readline():
            tag, _sp, rest = line.decode().rstrip("\r\n").partition(" ")
            command = rest.upper()
            out = []
            if command.startswith("CAPABILITY"):
                out.append("* CAPABILITY IMAP4rev1")
            elif command.startswith("LOGIN"):
                user, password = (t.strip('"') for t in rest.split(" ")[1:3])
                if (user, password) != ("kefu@example.cn", "s3cret"):
                    self.wfile.write(f"{tag} NO LOGIN failed\r\n".encode())
                    continue
            elif command.startswith("SELECT"):
                out.append(f"* {len(box.messages)} EXISTS")
            elif command.startswith("UID SEARCH"):
                out.append("* SEARCH " + " ".join(str(u) for u, (_r, seen) in box.messages.items() if not seen))
            elif command.startswith("UID FETCH"):
                uid = int(rest.split(" ")[2])
                raw = box.messages[uid][0]
                self.wfile.write(f"* {uid} FETCH (UID {uid} BODY[] {{{len(raw)}}}\r\n".encode() + raw + b")\r\n")
            elif command.startswith("UID STORE"):
                uid = int(rest.split(" ")[2])
                box.messages[uid][1] = True
                out.append(f"* {uid} FETCH (UID {uid} FLAGS (\\Seen))")
            elif command.startswith("LOGOUT"):
                self.wfile.write(f"* BYE\r\n{tag} OK LOGOUT completed\r\n".encode())
                return
            verb = re.match(r"(UID \w+|\w+)", command).group(1) if command else "NOOP"
            self.wfile.write(("".join(f"{o}\r\n" for o in out) + f"{tag} OK {verb} completed\r\n").encode())


@pytest.fixture
def imap_server():
    server = FakeImap()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def _mail(message_id: str, subject: str, body: str) -> bytes:
    msg = EmailMessage()
    msg["From"] = "王女士 <wang@example.cn>"
    msg["To"] = "kefu@example.cn"
    msg["Subject"] = subject
    msg["Message-ID"] = message_id
    msg["Date"] = "Mon, 23 Nov 2026 10:15:00 +0800"
    msg.set_content(body)
    return bytes(msg)


def _url(server: FakeImap) -> str:
    return f"imap://kefu%40example.cn:s3cret@127.0.0.1:{server.server_address[1]}/INBOX"


def test_unseen_mails_become_complaints_once_and_are_flagged_seen(imap_server):
    imap_server.add(_mail("<a1@example.cn>", "电饭煲不加热", "订单JD20261118004512的电饭煲用两天就坏了，要求换新。"))
    imap_server.add(_mail("<a2@example.cn>", "快递丢件", "包裹显示已签收但我没收到，请尽快处理。"))
    imap_server.add(b"Subject: no id and no body\r\n\r\n")  # cannot be a complaint: recorded, not retried
    with ImapMailbox(_url(imap_server)) as mailbox:
        report = imap_poll(mailbox)
    assert (report.created, report.repeated, report.rejected) == (2, 0, 1)
    assert set(Complaint.objects.values_list("channel", flat=True)) == {"email"}
    assert Complaint.objects.filter(channel_message_id="<a1@example.cn>").count() == 1
    assert all(seen for _raw, seen in imap_server.messages.values())
    rejected = RejectedDelivery.objects.get()
    assert (rejected.channel, rejected.status_code, rejected.remote_addr) == ("email", 422, "imap")
    # a crash after the intake but before the flag: the mail is read again and nothing doubles
    imap_server.messages[1][1] = False
    with ImapMailbox(_url(imap_server)) as mailbox:
        again = imap_poll(mailbox)
    assert (again.created, again.repeated) == (0, 1)
    assert Complaint.objects.count() == 2


def test_the_command_reports_and_a_wrong_password_is_a_clear_error(imap_server, settings, capsys):
    imap_server.add(_mail("<b1@example.cn>", "客服态度差", "客服挂我电话，太不像话了。"))
    settings.BIHUAN_INTAKE_IMAP_URL = _url(imap_server)
    call_command("poll_imap")
    assert "created 1" in capsys.readouterr().out
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="IMAP"):
        call_command("poll_imap", url=_url(imap_server).replace("s3cret", "wrong"))
    with pytest.raises(CommandError):
        call_command("poll_imap", url="ftp://example.cn")
