-- Run once by the postgres image on an empty volume: each service owns its own database.
CREATE DATABASE claims;
CREATE DATABASE verification;
