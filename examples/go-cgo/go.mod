module example.com/gocgo

go 1.22

require example.com/cgosum v0.0.0

replace example.com/cgosum => ./cgosum
