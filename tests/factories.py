from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from hubs.counties import County
from hubs.models import Facility, Hub, HubManager, HubPhoto
from members.models import User


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    name = factory.Faker("name", locale="no_NO")
    password = factory.django.Password("a-long-test-password")


class FacilityFactory(DjangoModelFactory):
    class Meta:
        model = Facility
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"facility-{n}")
    name_nb = factory.Sequence(lambda n: f"Fasilitet {n}")
    name_en = factory.Sequence(lambda n: f"Facility {n}")


class HubFactory(DjangoModelFactory):
    class Meta:
        model = Hub
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Hub {n:03d}")
    slug = factory.Sequence(lambda n: f"hub-{n:03d}")
    city = "Hamar"
    county = County.INNLANDET
    latitude = factory.Sequence(lambda n: Decimal("58.5") + Decimal(n % 100) / 10)
    longitude = factory.Sequence(lambda n: Decimal("6.0") + Decimal(n % 90) / 10)
    tagline_nb = factory.Sequence(lambda n: f"Et kreativt fellesskap nummer {n}")
    tagline_en = factory.Sequence(lambda n: f"A creative community number {n}")
    description_nb = "Lyse lokaler, gode folk og kaffe."
    capacity = 20
    is_published = True

    @factory.post_generation
    def facilities(self, create, extracted, **kwargs):
        if create and extracted:
            self.facilities.set(extracted)


class HubPhotoFactory(DjangoModelFactory):
    class Meta:
        model = HubPhoto

    hub = factory.SubFactory(HubFactory)
    image = factory.django.ImageField(color="green", width=40, height=30, format="JPEG")
    alt_text = "Folk som jobber ved langbord i et lyst lokale"


class HubManagerFactory(DjangoModelFactory):
    class Meta:
        model = HubManager

    user = factory.SubFactory(UserFactory)
    hub = factory.SubFactory(HubFactory)
