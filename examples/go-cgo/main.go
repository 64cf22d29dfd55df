// Command server renders templates/index.html, read from the working directory on every request,
// so a runtime image without templates/ answers 500.
package main

import (
	"html/template"
	"log"
	"net/http"

	"example.com/cgosum"
)

func main() {
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		page, err := template.ParseFiles("templates/index.html")
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		if err := page.Execute(w, cgosum.Add(40, 2)); err != nil {
			log.Print(err)
		}
	})
	http.HandleFunc("/healthz", func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte("ok\n"))
	})
	log.Print("listening on :8080")
	log.Fatal(http.ListenAndServe("0.0.0.0:8080", nil))
}
