import json

from django.core.management.base import BaseCommand

from twinning.accounts import population


class Command(BaseCommand):
    help = (
        "Generate a synthetic population (teachers, schools, memberships) for scale tests and benchmarks. "
        "Idempotent: each country is topped up to the scale's numbers, so a second run adds nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=sorted(population.SCALES), default="greece")
        parser.add_argument("--seed", type=int, default=None, help="random seed (same seed, same data)")
        parser.add_argument("--reset", action="store_true", help="delete the generated rows first")
        parser.add_argument("--json", action="store_true", help="print the summary as one JSON object")

    def handle(self, *args, **options):
        verbose = options["verbosity"] >= 1 and not options["json"]
        result = population.generate(
            scale=options["scale"],
            seed=options["seed"],
            reset=options["reset"],
            log=self.stdout.write if verbose else None,
        )
        summary = {
            "scale": result.scale,
            "db": result.database,
            "seconds": round(result.seconds, 1),
            "teachers_created": result.teachers_created,
            "schools_created": result.schools_created,
            "memberships_created": result.memberships_created,
            "teachers_total": population.generated_users().count(),
            "schools_total": population.generated_schools().count(),
        }
        if options["json"]:
            self.stdout.write(json.dumps(summary))
            return
        if not (result.teachers_created or result.schools_created):
            self.stdout.write(f"Population '{result.scale}' already present: nothing to do.")
        self.stdout.write(
            self.style.SUCCESS(
                "{teachers_created} teachers, {schools_created} schools and {memberships_created} memberships "
                "created in {seconds}s ({db}); generated rows now: {teachers_total} teachers, "
                "{schools_total} schools.".format(**summary)
            )
        )
