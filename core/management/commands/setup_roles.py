from django.core.management.base import BaseCommand

from core.roles import setup_roles


class Command(BaseCommand):
    help = "Create or update the groups the apps declare and their permissions."

    def handle(self, *args, **options):
        for group in setup_roles().values():
            count = group.permissions.count()
            self.stdout.write(f"{group.name}: {count} permissions")
