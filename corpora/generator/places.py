"""Places: streets, cities, states, hospitals, schools, email domains."""

from __future__ import annotations

STREET_NAMES: tuple[str, ...] = tuple(
    """
    Maple Oak Cedar Pine Elm Willow Birch Walnut Chestnut Magnolia Sycamore Juniper Hawthorne Aspen
    Lincoln Jefferson Madison Franklin Washington Jackson Monroe Adams Grant Cleveland
    Mission Alameda Sepulveda Figueroa Pacheco Valencia Delgado Esperanza Olivera Cortez
    Lakeview Ridgecrest Hillside Meadowbrook Riverside Sunnyslope Brookfield Fairview Greenwood Kingsley
    """.split()
)
STREET_SUFFIXES: tuple[str, ...] = ("Street", "Avenue", "Road", "Drive", "Lane", "Court", "Boulevard", "Way")
STREET_SUFFIXES_SHORT: tuple[str, ...] = ("St", "Ave", "Rd", "Dr", "Ln", "Ct", "Blvd")

#: (city, state abbreviation, state name)
CITIES: tuple[tuple[str, str, str], ...] = (
    ("Fresno", "CA", "California"),
    ("Oakland", "CA", "California"),
    ("Bakersfield", "CA", "California"),
    ("Tucson", "AZ", "Arizona"),
    ("Mesa", "AZ", "Arizona"),
    ("El Paso", "TX", "Texas"),
    ("Laredo", "TX", "Texas"),
    ("Plano", "TX", "Texas"),
    ("Tulsa", "OK", "Oklahoma"),
    ("Omaha", "NE", "Nebraska"),
    ("Des Moines", "IA", "Iowa"),
    ("Madison", "WI", "Wisconsin"),
    ("Duluth", "MN", "Minnesota"),
    ("Dayton", "OH", "Ohio"),
    ("Akron", "OH", "Ohio"),
    ("Flint", "MI", "Michigan"),
    ("Gary", "IN", "Indiana"),
    ("Louisville", "KY", "Kentucky"),
    ("Knoxville", "TN", "Tennessee"),
    ("Macon", "GA", "Georgia"),
    ("Savannah", "GA", "Georgia"),
    ("Tallahassee", "FL", "Florida"),
    ("Hialeah", "FL", "Florida"),
    ("Durham", "NC", "North Carolina"),
    ("Richmond", "VA", "Virginia"),
    ("Scranton", "PA", "Pennsylvania"),
    ("Yonkers", "NY", "New York"),
    ("Paterson", "NJ", "New Jersey"),
    ("Worcester", "MA", "Massachusetts"),
    ("Bridgeport", "CT", "Connecticut"),
    ("Spokane", "WA", "Washington"),
    ("Boise", "ID", "Idaho"),
    ("Provo", "UT", "Utah"),
    ("Albuquerque", "NM", "New Mexico"),
    ("Anchorage", "AK", "Alaska"),
    ("Hilo", "HI", "Hawaii"),
)

HOSPITALS: tuple[str, ...] = (
    "St. Mary's Medical Center",
    "Valley Children's Hospital",
    "Mercy General",
    "Lakeside Regional Hospital",
    "Good Samaritan",
    "Riverside Community Clinic",
    "Kaiser Permanente Oakland",
    "Cedar Ridge Behavioral Health",
    "Northside Urgent Care",
    "Saint Luke's",
    "Hope Family Health Center",
    "Pinecrest Pediatrics",
)

SCHOOLS: tuple[str, ...] = (
    "Roosevelt Middle School",
    "Lincoln Elementary",
    "Cesar Chavez High School",
    "Jefferson High",
    "Maple Grove Elementary",
    "Westview Academy",
    "Harriet Tubman Middle School",
    "Sunnyside High School",
    "Eastlake Community College",
    "Northgate Prep",
    "Rio Vista Elementary",
    "Mountain View Charter School",
)

EMAIL_DOMAINS: tuple[tuple[str, str], ...] = (
    ("gmail", "com"),
    ("yahoo", "com"),
    ("outlook", "com"),
    ("hotmail", "com"),
    ("icloud", "com"),
    ("proton", "me"),
    ("district", "org"),
    ("comcast", "net"),
)
