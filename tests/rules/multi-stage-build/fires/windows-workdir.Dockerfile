# escape=`
FROM golang:1.22
WORKDIR C:/app
COPY . .
RUN go build -o C:/out/app.exe .
CMD ["C:/out/app.exe"]
