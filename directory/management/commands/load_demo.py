"""`manage.py load_demo`: the attributed demo records and the two demo users."""

from django.core.management.base import BaseCommand

from directory.demo import BACK_OFFICE_URL, RESET_PASSWORDS_HINT, demo_load


class Command(BaseCommand):
    help = (
        "Load or refresh the demo data (the Khojaly memorial in The Hague, its sources, an "
        "example organisation and event) and the demo users demo-editor and demo-organiser. "
        "Safe to run again. Passwords are random and printed only when a user is created "
        "or with --reset-passwords."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--reset-passwords",
            action="store_true",
            help="Give the demo users new random passwords and print them.",
        )
        parser.add_argument(
            "--back-office-url",
            default=BACK_OFFICE_URL,
            help=f"The back-office address to print (default {BACK_OFFICE_URL}).",
        )

    def handle(self, *args, reset_passwords: bool = False, back_office_url: str, **options):
        result = demo_load(reset_passwords=reset_passwords)
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
        for username, password in result.passwords.items():
            self.stdout.write(
                f"Back office: {back_office_url}  user {username}  password {password}"
            )
        for username in result.existing:
            self.stdout.write(
                f"Demo user {username} already exists; its password is not shown again. "
                f"For new passwords: {RESET_PASSWORDS_HINT}"
            )
