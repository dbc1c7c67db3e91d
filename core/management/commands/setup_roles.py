from django.core.management.base import BaseCommand

from core.roles import setup_roles


class Command(BaseCommand):
    help = "Create or update the Editors and Organisers groups and their permissions."

    def handle(self, *args, **options):
        editors, organisers = setup_roles()
        for group in (editors, organisers):
            count = group.permissions.count()
            self.stdout.write(f"{group.name}: {count} permissions")
