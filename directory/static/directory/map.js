// Replaced by the map work: draws the maps declared with data-map.
