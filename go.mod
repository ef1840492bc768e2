module parley

go 1.26.0

ignore ./frontend/node_modules

require github.com/oklog/ulid/v2 v2.1.2
