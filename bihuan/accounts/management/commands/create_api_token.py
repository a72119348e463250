from django.core.management.base import BaseCommand, CommandError

from bihuan.accounts.models import User
from bihuan.accounts.services import api_token_create


class Command(BaseCommand):
    help = "Create an API token for USERNAME and print it (shown only once)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="default")

    def handle(self, *args, username: str, name: str, **options):
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No such user: {username}")
        self.stdout.write(api_token_create(user=user, name=name))
