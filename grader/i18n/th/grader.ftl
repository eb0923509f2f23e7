# คำของ grader รอบผลการตรวจ ภาษาไทย (ภาษาอังกฤษใน grader/i18n/en/grader.ftl เป็นต้นฉบับ)
# คำอธิบายและคำใบ้ของแต่ละเช็กใช้คีย์จาก id ของเช็ก เช่น tcp-echo--client-trickle-hint;
# ต้นฉบับภาษาอังกฤษอยู่ในโค้ดของเช็ก (grader/src/labs/*.rs)

## สถานะของเช็กหนึ่งรายการ (ไม่เกิน 5 คอลัมน์ในตาราง)
status-passed = ผ่าน
status-failed = ตก
status-not-implemented = todo
status-build-failed = build
status-error = ERROR
status-not-applicable = n/a

## grader grade: ตาราง
table-lab = แล็บ
table-checks = เช็ก
table-points = คะแนน
table-total = รวม { $score }/{ $max } คะแนน ({ $percent }%) ใน { $seconds } วินาที

## grader check: แล็บเดียว ทีละเช็ก
details-hint = คำใบ้:
details-on-the-wire = บนสาย (on the wire):
details-points = { $score }/{ $max } คะแนน

## grader status: ความคืบหน้าของแต่ละแล็บ
progress-done = เสร็จแล้ว
progress-failing = ยังไม่ผ่าน
progress-not-started = ยังไม่เริ่ม
progress-does-not-compile = คอมไพล์ไม่ผ่าน
status-checks = { $count } เช็ก
status-todo = { $count } todo
status-summary = เสร็จ { $done } จาก { $labs } แล็บ, { $score }/{ $max } คะแนน
status-next = ถัดไป: { $lab } ({ $why })  `grader check { $lab }` อธิบายทุกเช็กที่ไม่ผ่าน

## grader watch
watch-title = netlabs watch: ตรวจใหม่เมื่อคุณบันทึกไฟล์ใน labs/ (Enter: ตรวจทันที, Ctrl-C: ออก)
watch-next = ถัดไป:
watch-all-pass = ผ่านทุกเช็กแล้ว เยี่ยมมาก!
watch-grading = กำลังตรวจ { $labs } ...
watch-graded = ตรวจ { $labs } ใน { $seconds } วินาที; รอการเปลี่ยนแปลง ...

## grader list
list-lab = { $lab } ({ $folder }, { $checks } เช็ก, { $points } คะแนน)

## คำอธิบาย (description) และคำใบ้ (hint) ของแต่ละเช็ก

# buffers
buffers--show-default-description = ไม่ใส่ตัวเลือก: ขนาดบัฟเฟอร์ (buffer) ก่อน/หลังขอ 4096 ไบต์ ตรงกับที่เคอร์เนลให้ grader; TCP_NODELAY: 1
buffers--show-default-hint = อ่าน SO_SNDBUF แล้วตั้ง TCP_NODELAY, SO_SNDBUF, SO_RCVBUF จากนั้นอ่านกลับ: พิมพ์ค่าที่ getsockopt บอก
buffers--show-sizes-description = `--send 65536 --recv 32768`: ขนาดหลังตั้งค่าตรงกับที่เคอร์เนลให้ grader สำหรับคำขอนั้น
buffers--show-sizes-hint = ส่ง --send ให้ SO_SNDBUF และ --recv ให้ SO_RCVBUF (Linux เพิ่มเป็นสองเท่า)
buffers--bench-table-description = `bench --sizes 4096,65536 --bytes 4MiB`: หัวตารางและหนึ่งแถวต่อขนาด ส่งครบ 4 MiB ตัวเลขเป็นบวก
buffers--bench-table-hint = นับไบต์ที่ read() คืนมาจริง; หยุดที่ --bytes; พิมพ์หนึ่งแถวต่อขนาดตามลำดับ
buffers--bench-csv-description = `bench --sizes NKiB,1GiB --bytes B --csv` (ขนาดและจำนวนไบต์ของรอบนี้ หน่วยสะกดแบบใดก็ได้): หัว CSV หนึ่งแถวต่อขนาดเป็นไบต์ ส่งครบ B ไบต์พอดี และ MiB/s สอดคล้องกัน
buffers--bench-csv-hint = KiB, MiB และ GiB คือ 1024, 1024² และ 1024³ ไม่ว่าตัวพิมพ์ใด; อย่าเขียนเกิน --bytes รวมทั้งหมด; mib_per_s = bytes / 1048576 / seconds
buffers--bad-input-description = ขนาดที่ผิด (`--send 0`, `--send abc`, `--recv lots`, `bench --sizes ,`) เป็นข้อผิดพลาดการใช้งาน (exit 2)
buffers--bad-input-hint = แปลงขนาดเป็นจำนวนบวก (รองรับ KiB/MiB); รายการว่างในลิสต์เป็นข้อผิดพลาด

# host-info
host-info--local-description = `Host name:` และ `IP address:` ตรงกับที่ gethostname และตัวแปลงชื่อ (resolver) ให้ grader
host-info--local-hint = ถามระบบ (gethostname แล้ว getaddrinfo ด้วย AF_INET): อย่าเขียนชื่อตายตัวในโค้ด
host-info--remote-localhost-description = `--remote localhost` พิมพ์ `IP address of localhost: A.B.C.D` ตามที่ resolver บอก
host-info--remote-localhost-hint = แปลงชื่อด้วย getaddrinfo และ AF_INET แล้วพิมพ์ที่อยู่ IPv4 แรก
host-info--unresolvable-description = ชื่อ `.invalid` ล้มเหลวอย่างเรียบร้อย: `NAME: <resolver error>` บรรทัดเดียว, exit 1
host-info--unresolvable-hint = เมื่อ getaddrinfo ผิดพลาด พิมพ์ `NAME: ` และข้อความของ gai_strerror ไปที่ stderr แล้ว exit 1
host-info--addrinfo-description = `--addrinfo localhost PORT` (พอร์ตของการรันครั้งนี้) แสดงผลลัพธ์ (family, type, address) ของ getaddrinfo ครบถ้วนพอดี ตามลำดับของมัน
host-info--addrinfo-hint = ไม่ต้องระบุชนิดซ็อกเก็ต (socket type) ใน hints และพิมพ์หนึ่งบรรทัดต่อผลลัพธ์ ตามลำดับของ resolver
host-info--reverse-description = `--reverse 127.0.0.1` พิมพ์ชื่อที่ getnameinfo ให้ grader
host-info--reverse-hint = เรียก getnameinfo ด้วย NI_NAMEREQD แล้วพิมพ์ `IP: NAME`
host-info--bad-input-description = พอร์ต (port) ผิด ที่อยู่ผิด และอาร์กิวเมนต์ที่ขาดไป เป็นข้อผิดพลาดการใช้งาน (exit 2)
host-info--bad-input-hint = ตรวจรายการอาร์กิวเมนต์ให้ตรงพอดี; แปลงพอร์ตเป็น u16 และที่อยู่เป็น IpAddr

# ipv4-bytes
ipv4-bytes--output-description = `pack 127.0.0.1 192.168.0.1` และ `order 1234` พิมพ์บรรทัดเหมือนต้นฉบับ Python
ipv4-bytes--output-hint = `IP Address: A => Packed: hex, Unpacked: A` และสองบรรทัด `Original: N => …`
ipv4-bytes--pack-tricky-description = ตารางที่อยู่ยาก ๆ (127.1, 1.2.256, 010.0.0.1, 0x7f.1, 08.1.1.1, …) แปลงได้เหมือน inet_aton ของ libc
ipv4-bytes--pack-tricky-hint = 1 ถึง 4 ส่วน; นำหน้าด้วย 0 = ฐานแปด, 0x = ฐานสิบหก; ส่วนสุดท้ายเติมไบต์ที่เหลือ; ช่องว่างจบที่อยู่
ipv4-bytes--pack-matches-libc-description = สตริงสุ่ม 1,250 ตัวจากตัวเลข จุด x เครื่องหมาย และช่องว่าง: รับและแปลงตรงกับ inet_aton ของ libc ทุกตัว
ipv4-bytes--pack-matches-libc-hint = อ่านตัวเลขแบบที่ strtoul(…, 0) ทำ: `0x` ต้องมีเลขฐานสิบหกตามหลัง, `08` คือ `0` ตามด้วยขยะ
ipv4-bytes--order-description = `order N` แสดง N ในลำดับไบต์ของเครื่อง (host) และของเครือข่าย (network) ถูกต้องตาม endianness ของเครื่องนี้
ipv4-bytes--order-hint = htonl คือ u32::to_be, ntohl คือ u32::from_be (u16 ก็เช่นกัน)
ipv4-bytes--bad-argument-description = ที่อยู่หรือตัวเลขที่ผิดพิมพ์บรรทัดข้อผิดพลาดที่ระบุค่านั้น ค่าอื่นยังพิมพ์ตามปกติ แล้ว exit 1
ipv4-bytes--bad-argument-hint = จัดการอาร์กิวเมนต์ทีละตัว; จำว่ามีข้อผิดพลาดแล้ว exit 1 ตอนท้าย
ipv4-bytes--bad-input-description = ไม่มีคำสั่ง ไม่มีอาร์กิวเมนต์ หรือคำสั่งที่ไม่รู้จัก เป็นข้อผิดพลาดการใช้งาน (exit 2)
ipv4-bytes--bad-input-hint = ตรวจคำสั่ง และต้องมีค่าตามหลังอย่างน้อยหนึ่งค่า

# nonblocking
nonblocking--trivial-description = `trivial` พิมพ์ที่อยู่ แล้วบอกว่า accept() จะบล็อก (block) แล้ว exit 0
nonblocking--trivial-hint = ตั้ง set_nonblocking(true) ที่ listener; accept ที่ล้มเหลวด้วย WouldBlock คือ Ok(None)
nonblocking--concurrent-clients-description = ไคลเอนต์ (client) 100 ตัวเชื่อมต่อพร้อมกัน ผลัดกันส่ง 3 รอบ: ทุกข้อความกลับมาครบถ้วน
nonblocking--concurrent-clients-hint = poll ทั้ง listener และทุกไคลเอนต์; อ่านสิ่งที่มีแล้วส่งกลับ; อย่าบล็อกรอไคลเอนต์ตัวใดตัวหนึ่ง
nonblocking--idle-client-description = ไคลเอนต์ที่เชื่อมต่อแล้วเงียบ ไม่ทำให้ใครต้องรอ
nonblocking--idle-client-hint = อ่านจากไคลเอนต์เฉพาะเมื่อ poll บอกว่าอ่านได้
nonblocking--one-thread-description = เมื่อมีไคลเอนต์สามตัว เซิร์ฟเวอร์ (server) มีเธรดเดียวพอดี (/proc/PID/status) และไม่มีโปรเซสลูก
nonblocking--one-thread-hint = ไม่ใช้ thread::spawn ไม่ใช้ fork: ลูป poll เดียวให้บริการทุกคน
nonblocking--idle-cpu-description = เซิร์ฟเวอร์ที่ว่าง (ไคลเอนต์หนึ่งตัวเชื่อมต่อและเงียบ) แทบไม่ใช้ CPU ใน 0.7 วินาที และตื่นไม่เกิน 20 ครั้ง
nonblocking--idle-cpu-hint = poll ด้วย timeout -1 จะหลับจนกว่ามีเหตุการณ์; ขอ POLLOUT เฉพาะเมื่อมีข้อมูลค้างส่ง
nonblocking--slow-reader-description = ไคลเอนต์ที่เขียน 4 MiB โดยไม่อ่าน ไม่ทำให้ใครค้าง และได้ 4 MiB กลับครบตามลำดับ
nonblocking--slow-reader-hint = ตั้งซ็อกเก็ต (socket) แบบ non-blocking เก็บส่วนที่ write() ยังไม่รับ และหยุดอ่านจากไคลเอนต์ที่ข้อมูลขาออกกองค้าง
nonblocking--flooder-leaves-description = ไคลเอนต์ที่มีบัฟเฟอร์เล็กส่งข้อมูลท่วมโดยไม่อ่าน แล้วปิดขณะที่เซิร์ฟเวอร์ยังถือ echo ที่ยังไม่ได้ส่งของมัน และอีกตัวรีเซ็ตการเชื่อมต่อ: คนอื่นยังได้รับบริการ และซ็อกเก็ตทั้งสองถูกปิด
nonblocking--flooder-leaves-hint = ข้อผิดพลาดในการเขียน (EPIPE, ECONNRESET) ของไคลเอนต์หนึ่งปิดเฉพาะไคลเอนต์นั้น; ทิ้งเอาต์พุตที่ค้างอยู่ของมัน
nonblocking--bad-input-description = พอร์ตผิด (`abc`, `99999`) คำสั่งที่ไม่รู้จักหรือขาดไป เป็นข้อผิดพลาดการใช้งาน (exit 2)
nonblocking--bad-input-hint = แปลงพอร์ตเป็น u16 และรายงานข้อผิดพลาดแทนการ unwrap

# pi-devices
pi-devices--led-level-description = `on`, `off`, `on`, … (3 ถึง 6 ครั้ง ต่อการรัน) ถึง led-server: BCM 13 เป็น high, low, high, … อย่างละครั้ง ก่อนตอบแต่ละครั้ง
pi-devices--led-level-hint = ตั้งระดับขา LED ด้วย set_state แล้วตอบ `OK led on|off`
pi-devices--relay-states-description = หมายเลขเมนู 1 ถึง 8 ตามลำดับของการรันครั้งนี้ ถึง relay-server: หลังแต่ละคำตอบ รีเลย์ที่ BCM 4, 18, 22, 24 อยู่ในสถานะถูกต้อง
pi-devices--relay-states-hint = n คี่ = เปิด, n คู่ = ปิด, รีเลย์ (n+1)/2; รีเลย์ k ขับ RELAY_PINS[k-1] แบบ active high
pi-devices--lcd-text-description = lcd-server: HD44780 ที่เล่นซ้ำแสดงข้อความแต่ละชุดของการรันครั้งนี้บนบรรทัด 1 เติมหรือตัดให้ได้ 16 คอลัมน์ ภาษาไทยเป็น `?` (บรรทัด 2 ว่างอยู่)
pi-devices--lcd-text-hint = init แล้วต่อบรรทัด: เลื่อนเคอร์เซอร์ไป 0x80 เขียน 16 ตัวอักษรที่เติมแล้ว; nibble บนก่อน, EN ขาลงเพื่อ latch
pi-devices--lcd-timing-description = การ init และการเขียนของ lcd-server ไม่ผิดกฎเวลาหรือโพรโทคอลของ HD44780 (แบบจำลองของ hw-mock)
pi-devices--lcd-timing-hint = 40 ms ก่อน nibble แรก, 0x3 0x3 0x3 0x2 พร้อมเวลารอ, 0x28 ก่อน, พัลส์ EN >= 450 ns, 37 us ต่อไบต์, 1.52 ms ต่อการล้างจอ
pi-devices--climate-hot-description = climate-server กับ SHT31 ที่อุณหภูมิ 45 ถึง 85 C และความชื้นของการรันครั้งนี้ ตอบค่าเหล่านั้น (ทศนิยมหนึ่งตำแหน่ง)
pi-devices--climate-hot-hint = ค่าดิบเป็นจำนวนเต็มไม่มีเครื่องหมาย 16 บิต: T = -45 + 175 * raw / 65535 โดย raw เป็น u16 ไม่ใช่ i16
pi-devices--climate-cold-description = climate-server กับ SHT31 ที่อุณหภูมิ -40 ถึง -1 C และความชื้นของการรันครั้งนี้ ตอบค่าเหล่านั้น (ทศนิยมหนึ่งตำแหน่ง)
pi-devices--climate-cold-hint = อุณหภูมิ MSB, LSB คือไบต์ 0 และ 1, ความชื้นคือไบต์ 3 และ 4; RH = 100 * raw / 65535
pi-devices--climate-crc-fault-description = เซนเซอร์ที่ไบต์ CRC ผิด (หรือตอบ NACK) ให้บรรทัด `ERR` ไม่ใช่ตัวเลข
pi-devices--climate-crc-fault-hint = คำนวณ crc8 ของข้อมูลแต่ละคู่ไบต์ แล้วเทียบกับไบต์ที่ตามมา
pi-devices--bad-commands-description = ข้อมูลขยะ บรรทัดยาวเกินไป (รวมถึงบรรทัดที่ไม่มีขึ้นบรรทัดใหม่เลย) และข้อมูลที่ไม่ใช่ UTF-8 ได้บรรทัด `ERR`; เซิร์ฟเวอร์ยังให้บริการต่อ
pi-devices--bad-commands-hint = ตอบบรรทัดที่ผิดด้วย `ERR …` แล้วอ่านต่อ; อย่า unwrap ข้อมูลจากไคลเอนต์
pi-devices--line-protocol-description = CRLF, หลายบรรทัดต่อกัน (pipelined), ` ON ` และ `Off` และบรรทัดสุดท้ายที่ไม่มีขึ้นบรรทัดใหม่ก่อน half-close นับทั้งหมด
pi-devices--line-protocol-hint = อ่านทีละบรรทัดด้วย BufReader; เมื่อสิ้นสุดสตรีม บรรทัดบางส่วนที่ไม่ว่างก็เป็นคำขอ
pi-devices--client-led-description = `led on` / `led off` ส่งบรรทัด `on` / `off` พอดี แล้วพิมพ์คำตอบ
pi-devices--client-led-hint = เขียน `on\n` ปิดฝั่งส่ง (shutdown) แล้วอ่านคำตอบหนึ่งบรรทัด
pi-devices--client-relay-description = `relay N` และเมนู (ตัวเลือกทาง stdin) ด้วยหมายเลขที่สุ่มต่อการรัน ส่งหมายเลขเป็นหนึ่งบรรทัดพอดี
pi-devices--client-relay-hint = ส่งตัวเลือกเป็นหนึ่งบรรทัด เช่น `3\n`; หลังเมนูให้อ่านตัวเลือกจาก stdin
pi-devices--client-lcd-description = `lcd WORD WORD WORD` (คำของการรันครั้งนี้) ส่งคำต่าง ๆ คั่นด้วยช่องว่างเป็นหนึ่งบรรทัด
pi-devices--client-lcd-hint = ต่ออาร์กิวเมนต์ด้วยช่องว่างแล้วส่งเป็นหนึ่งบรรทัด
pi-devices--client-climate-split-description = คำตอบ climate มาเป็นชิ้น ๆ (`RH=4`, `5.5\nTem`, `p=-20.0\n`): ไคลเอนต์พิมพ์ทั้งสองค่า
pi-devices--client-climate-split-hint = TCP เป็นสตรีมของไบต์: อ่านทีละบรรทัด (BufReader::read_line) จนได้ทั้ง RH และ Temp
pi-devices--client-climate-error-description = เซิร์ฟเวอร์ตอบ `ERR sensor: CRC mismatch`: หนึ่งบรรทัดที่ stderr, exit 1, ไม่พิมพ์ค่า
pi-devices--client-climate-error-hint = บรรทัด `ERR` คือข้อผิดพลาดที่ต้องรายงาน ไม่ใช่ตัวเลขที่ต้องแปลง
pi-devices--server-output-description = บรรทัดแรกและบรรทัด `Data:` ของ lcd-server ตรงกับผลลัพธ์ที่คาดไว้ และ LCD ที่เล่นซ้ำแสดงแต่ละข้อความ
pi-devices--server-output-hint = พิมพ์ `Starting up LCD server on HOST port PORT` ก่อน และ `Data: LINE` ต่อคำขอ
pi-devices--bad-input-description = ตัวเลือก คำสั่ง พอร์ต และค่าเซนเซอร์ที่ผิด เป็นข้อผิดพลาดการใช้งาน (exit 2)
pi-devices--bad-input-hint = ตรวจอาร์กิวเมนต์ก่อนเชื่อมต่อหรือ bind; exit 2 พร้อมข้อความที่ stderr

# reuseaddr
reuseaddr--output-description = `Old sock state: 0`, `New sock state: 1`, `Listening on port: P` แล้ว `Connected by ADDR` ต่อไคลเอนต์
reuseaddr--output-hint = สร้างซ็อกเก็ตโดยไม่ใช้ std (sys::tcp_socket_for) เพื่อให้ SO_REUSEADDR เริ่มที่ปิด; พิมพ์ก่อนและหลังตั้งค่า
reuseaddr--restart-with-reuse-description = ให้บริการไคลเอนต์ (เซิร์ฟเวอร์ปิดก่อน) หยุด แล้วเริ่มใหม่ที่พอร์ตเดิมทันที: bind ได้
reuseaddr--restart-with-reuse-hint = ตั้ง SO_REUSEADDR ก่อน bind: เคอร์เนลจึงยอมให้ใช้พอร์ตซ้ำขณะที่ TIME_WAIT ยังถืออยู่
reuseaddr--restart-without-reuse-description = เหมือนกันแต่ใช้ `--no-reuse` (ทั้งสองรอบ): การเริ่มใหม่ล้มเหลวด้วย `Address already in use`, exit 1, หนึ่งบรรทัด
reuseaddr--restart-without-reuse-hint = เมื่อ --no-reuse ไม่ต้องตั้งอะไร (TcpListener::bind ของ std ตั้ง SO_REUSEADDR ให้เองโดยไม่บอก); รายงานข้อผิดพลาดของ bind
reuseaddr--max-clients-description = `--max-clients 2`: ทักทายและปิดไคลเอนต์สองตัว แล้ว exit 0
reuseaddr--max-clients-hint = นับไคลเอนต์ที่ให้บริการแล้ว และออกจากลูป accept หลังครบ N
reuseaddr--bad-input-description = `--port 99999`, `--port abc` และ `--max-clients 0` เป็นข้อผิดพลาดการใช้งาน (exit 2)
reuseaddr--bad-input-hint = แปลงพอร์ตเป็น u16 และจำนวนไคลเอนต์เป็นตัวเลขที่มากกว่า 0

# roll-call
roll-call--server-output-description = บรรทัดแรกของเซิร์ฟเวอร์บอกว่ารอรับการเชื่อมต่อ (listen) ที่ไหน
roll-call--server-output-hint = พิมพ์ `Roll-call server listening on ADDR` ด้วยที่อยู่ที่ bind ได้ แล้ว flush stdout
roll-call--server-id-name-description = `id\r\n` ได้คำตอบ `ID\r\n` และ `name\r\n` ได้ `NAME\r\n` บนการเชื่อมต่อเดียว
roll-call--server-id-name-hint = ตอบแต่ละคำสั่งด้วยหนึ่งบรรทัดที่ลงท้ายด้วย \r\n; อ่านต่อหลังตอบ
roll-call--server-split-command-description = คำสั่งที่ถูกแบ่งเป็นหลายแพ็กเก็ต (`i` แล้ว `d\r\n`) ได้คำตอบครั้งเดียวเมื่อครบ
roll-call--server-split-command-hint = read หนึ่งครั้งไม่ใช่หนึ่งคำสั่ง: เก็บไบต์ในบัฟเฟอร์จนกว่า \n จะมา
roll-call--server-pipelined-description = `id\r\nname\r\nid\r\n` ในการเขียนครั้งเดียวได้สามคำตอบตามลำดับ
roll-call--server-pipelined-hint = read หนึ่งครั้งอาจมีหลายบรรทัด: ตอบทุกบรรทัดที่ครบในบัฟเฟอร์ก่อนอ่านอีก
roll-call--server-lf-only-description = บรรทัดที่จบด้วย `\n` อย่างเดียว (ไม่มี `\r`) ก็ใช้ได้
roll-call--server-lf-only-hint = บรรทัดจบที่ \n; ตัด \r ข้างหน้าทิ้งถ้ามี
roll-call--server-unknown-command-description = คำสั่งที่ไม่รู้จักได้บรรทัด `ERR` และการเชื่อมต่อยังใช้ได้
roll-call--server-unknown-command-hint = ตอบ `ERR unknown command: …` แล้วอ่านต่อ; อย่า unwrap ข้อมูลจากไคลเอนต์
roll-call--server-long-line-description = บรรทัดยาว 2 KiB ได้บรรทัด `ERR`; จากนั้นเซิร์ฟเวอร์ปิดหรือยังใช้ได้ และยังให้บริการต่อ
roll-call--server-long-line-hint = จำกัดขนาดบัฟเฟอร์ (1024 ไบต์); ส่ง `ERR line too long` หยุดเขียน อ่านทิ้งสักครู่ แล้วปิด
roll-call--server-long-line-no-newline-description = 2 KiB ที่ไม่มีขึ้นบรรทัดใหม่เลยได้ `ERR line too long` ทันที; บรรทัดยาว 1 KiB พอดี (ขีดจำกัด) ไม่เป็นข้อผิดพลาด ทั้งก่อนและหลังขึ้นบรรทัดใหม่มาถึง
roll-call--server-long-line-no-newline-hint = ตรวจความยาวของบัฟเฟอร์หลังการอ่านทุกครั้ง ไม่ใช่เฉพาะเมื่อได้บรรทัดครบ; เกิน 1024 ไบต์ (ไม่นับ \r\n) คือยาวเกิน
roll-call--server-variants-description = `  ID `, `Name`, `nAmE` ได้รับคำตอบ; คำสั่งภาษาไทยได้บรรทัด ERR โดยข้อความยังครบถ้วน; `id` สุดท้ายก่อน EOF ที่ไม่มีขึ้นบรรทัดใหม่ได้รับคำตอบ
roll-call--server-variants-hint = ตัดช่องว่างหัวท้ายของบรรทัดแล้วเทียบด้วย eq_ignore_ascii_case; ถอดรหัสเป็น UTF-8 (lossy) ไม่ใช่ทีละไบต์; เมื่อถึง EOF ให้ตอบสิ่งที่เหลืออยู่ในบัฟเฟอร์
roll-call--server-garbage-description = ข้อมูลที่ไม่ใช่ UTF-8 และไบต์ควบคุมได้บรรทัด `ERR` ที่ไม่มีอักขระควบคุมดิบ; ไม่แครช
roll-call--server-garbage-hint = ถอดรหัสด้วย String::from_utf8_lossy และแทนที่อักขระควบคุมก่อนส่งกลับ
roll-call--server-concurrent-clients-description = ไคลเอนต์ 10 ตัวที่เชื่อมต่อพร้อมกันได้คำตอบทุกตัว
roll-call--server-concurrent-clients-hint = ให้บริการแต่ละไคลเอนต์ในเธรดของตัวเอง เพื่อไม่ให้ตัวหนึ่งรออีกตัว
roll-call--server-idle-client-description = ไคลเอนต์ที่เงียบนานกว่า `--idle-timeout 0.3` ถูกตัดการเชื่อมต่อ (end of stream) และเซิร์ฟเวอร์ยังให้บริการต่อ
roll-call--server-idle-client-hint = ตั้งเวลาว่างเป็น read timeout ของแต่ละการเชื่อมต่อ; read ที่หมดเวลาจบการเชื่อมต่อนั้น ไม่ใช่เซิร์ฟเวอร์
roll-call--client-check-in-description = ไคลเอนต์เช็กชื่อกับเซิร์ฟเวอร์ของห้องเรียน: `Server says: OK …`, exit 0, บันทึกการเข้าเรียนแล้ว
roll-call--client-check-in-hint = ส่ง `ID NAME\r\n` เป็นหนึ่งบรรทัด อ่านคำตอบจนถึง \n หรือจนปิดการเชื่อมต่อ
roll-call--client-duplicate-description = เช็กชื่อครั้งที่สอง: ไคลเอนต์พิมพ์ `ERR duplicate` ของเซิร์ฟเวอร์ที่ stderr แล้ว exit 1
roll-call--client-duplicate-hint = อะไรที่ไม่ใช่ `OK…` คือความล้มเหลว: พิมพ์ `roll-call: server says: ANSWER` แล้ว exit 1
roll-call--client-unknown-id-description = รหัสที่ไม่อยู่ในรายชื่อ: `ERR unknown id` ของเซิร์ฟเวอร์ที่ stderr, exit 1
roll-call--client-unknown-id-hint = อะไรที่ไม่ใช่ `OK…` คือความล้มเหลว: พิมพ์ `roll-call: server says: ANSWER` แล้ว exit 1
roll-call--bad-input-description = ขาด --id เป็นข้อผิดพลาดการใช้งาน (exit 2); การเชื่อมต่อที่ถูกปฏิเสธคือหนึ่งบรรทัด, exit 1
roll-call--bad-input-hint = ตรวจตัวเลือกที่จำเป็นก่อนเชื่อมต่อ; รายงานข้อผิดพลาดการเชื่อมต่อแทนการ unwrap

# service-names
service-names--port-lookup-description = `port 7 21 22 25 53 80 88 110 443 515` บอกชื่อแต่ละพอร์ตตาม fixtures/services
service-names--port-lookup-hint = ตัดคอมเมนต์ที่ `#` (แม้ไม่มีช่องว่างข้างหน้า) แล้วแยกด้วยช่องว่างใด ๆ
service-names--proto-matters-description = พอร์ต 512, 514, 517 และ 4242 มีชื่อต่างกัน (หรือไม่มีชื่อ) สำหรับ tcp และ udp
service-names--proto-matters-hint = บรรทัดหนึ่งตรงก็ต่อเมื่อทั้งพอร์ตและโพรโทคอล (protocol) ตรงกัน
service-names--name-lookup-description = `name` หาพอร์ตจากชื่อบริการ (service) และจากชื่อแฝง (alias)
service-names--name-lookup-hint = เทียบชื่อกับชื่อของบริการและกับชื่อแฝงแต่ละตัว
service-names--malformed-lines-description = บรรทัดที่ผิดรูปแบบใน fixtures/services และในไฟล์ที่สร้างขึ้นสำหรับการตรวจรอบนี้ (พอร์ตที่มีเครื่องหมาย `+P/tcp` โพรโทคอลว่าง) ถูกข้าม ไม่ถูกอ่านครึ่ง ๆ กลาง ๆ; ชื่อแฝงภาษาไทยในไฟล์นั้นถูกค้นพบ
service-names--malformed-lines-hint = บรรทัดต้องมีชื่อและ `PORT/PROTO` โดย PORT เป็นตัวเลขล้วน (0-65535) และ PROTO ไม่ว่าง
service-names--unknown-port-description = พอร์ตที่ไม่มีบริการพิมพ์ `Port: N => no service` แล้ว exit 1
service-names--unknown-port-hint = พิมพ์บรรทัดที่ stdout จำความล้มเหลวไว้ แล้ว exit 1 ตอนท้าย
service-names--scan-description = การสแกนแสดงพอร์ตที่ grader เปิดไว้ครบพอดี (รวมพอร์ตแรกและพอร์ตสุดท้ายของช่วง) เรียงจากน้อยไปมาก ข้ามพอร์ตที่ทิ้ง SYN แล้วตามด้วยสรุป; พอร์ตเดียว (`--ports P`) ก็เช่นกัน
service-names--scan-hint = เชื่อมต่อแต่ละพอร์ตพร้อม timeout; เก็บพอร์ตที่เปิดแล้วเรียงก่อนพิมพ์
service-names--bad-range-description = ช่วงพอร์ตที่ผิด (`90-80`, `0`, `70000`) และพอร์ตที่ผิด เป็นข้อผิดพลาดการใช้งาน (exit 2)
service-names--bad-range-hint = พอร์ตคือ 1-65535 และจุดเริ่มของช่วงต้องไม่อยู่หลังจุดสิ้นสุด
service-names--missing-services-file-description = ไฟล์ services ที่ไม่มีอยู่ให้ข้อผิดพลาดหนึ่งบรรทัดที่ระบุชื่อไฟล์, exit 1
service-names--missing-services-file-hint = รายงานข้อผิดพลาดการอ่านพร้อมพาธแทนการ unwrap

# sntp-time
sntp-time--server-time-description = เซิร์ฟเวอร์ที่นาฬิกาบอกเวลาของการรันครั้งนี้ (ปี 1990 ถึง 2035 จาก seed) แล้วตามด้วยวันที่ขอบปฏิทิน (2000-02-29, วันที่ 1 มีนาคม, วันที่ 1 มกราคม): บรรทัด `ctime` ของมันในเวลา UTC, Offset, Delay
sntp-time--server-time-hint = วินาทีตั้งแต่ปี 1900 ลบ 2208988800 คือเวลา Unix; ctime เติมวันที่ด้วยช่องว่าง
sntp-time--request-format-description = คำขอยาว 48 ไบต์ ไบต์แรก 0x23 (LI 0, VN 4, mode 3) เวลาที่เราส่งอยู่ที่ไบต์ 40..48
sntp-time--request-format-hint = ไบต์ 0 = (4 << 3) | 3; ใส่เวลาปัจจุบันเป็น timestamp ของ NTP ในช่อง transmit
sntp-time--era-1-description = เซิร์ฟเวอร์ในยุค (era) 1 ของ NTP (2040-02-29 12:00:00 UTC): วันที่หลังการวนรอบปี 2036 ถูกต้อง
sntp-time--era-1-hint = ถ้าบิตสูงสุดของวินาทีเป็น 0 ตัวนับวนรอบแล้วในปี 2036: บวก 2^32 (RFC 4330 §3)
sntp-time--offset-delay-description = เซิร์ฟเวอร์ที่ยุ่ง (ตอบช้าและประทับ t3 หลัง t2 หลายวินาที): Offset คือ ((t2-t1)+(t3-t4))/2 และ Delay คือ (t4-t1)-(t3-t2) เป็นวินาที ทศนิยม 6 ตำแหน่ง
sntp-time--offset-delay-hint = t1: เวลาที่ส่ง, t4: เวลาที่คำตอบมาถึง (นาฬิกาของเรา); t2, t3 จากคำตอบ
sntp-time--short-reply-description = คำตอบยาว 20 ไบต์: `short reply: 20 bytes, expected at least 48`, exit 1
sntp-time--short-reply-hint = ตรวจความยาวก่อนอ่านช่องใด ๆ
sntp-time--wrong-mode-description = คำตอบที่ mode 3 (client): `wrong mode 3 in reply …`, exit 1
sntp-time--wrong-mode-hint = mode คือ 3 บิตล่างของไบต์ 0; เซิร์ฟเวอร์ตอบด้วย mode 4 (หรือ 5, broadcast)
sntp-time--kiss-of-death-description = stratum 0 และ `RATE` ใน reference id: `server sent kiss-of-death RATE`, exit 1
sntp-time--kiss-of-death-hint = stratum 0 แปลว่า "ไปให้พ้น": เหตุผลคือ reference id (ไบต์ 12..16) เป็น ASCII
sntp-time--zero-transmit-description = คำตอบที่ transmit timestamp เป็นศูนย์: `zero transmit timestamp in reply`, exit 1
sntp-time--zero-transmit-hint = เซิร์ฟเวอร์ที่ไม่มีเวลาส่ง 0 ในไบต์ 40..48: ปฏิเสธคำตอบนั้น
sntp-time--no-reply-description = เซิร์ฟเวอร์ที่ไม่ตอบเลย: `no reply from ADDR within T s`, exit 1, หลังประมาณ T
sntp-time--no-reply-hint = ตั้ง read timeout ที่ซ็อกเก็ต; recv ที่หมดเวลา (timeout) แปลว่าไม่มีคำตอบ
sntp-time--stranger-description = ดาตาแกรม (datagram) จากพอร์ตอื่นมาก่อน: ถูกเพิกเฉย และพิมพ์เวลาของเซิร์ฟเวอร์จริง
sntp-time--stranger-hint = เทียบที่อยู่ต้นทางของ recv_from กับที่อยู่ของเซิร์ฟเวอร์ แล้วรอต่อ
sntp-time--bad-input-description = เซิร์ฟเวอร์ที่แปลงชื่อไม่ได้คือหนึ่งบรรทัด, exit 1; --timeout หรือพอร์ตที่ผิดเป็นข้อผิดพลาดการใช้งาน (exit 2)
sntp-time--bad-input-hint = รายงานข้อผิดพลาดของ resolver ในบรรทัดเดียว; แปลง --timeout เป็นวินาทีที่มากกว่า 0

# socket-errors
socket-errors--request-line-description = เซิร์ฟเวอร์ได้รับ `GET /index.html HTTP/1.0\r\n\r\n` พอดี
socket-errors--request-line-hint = format!("GET {"{"}path{"}"} HTTP/1.0\r\n\r\n") แล้ว write_all ไม่มีอะไรเพิ่ม
socket-errors--text-file-description = `--file /index.html`: stdout คือคำตอบทั้งหมด (ส่วนหัวและเนื้อหา) ตรงทุกไบต์, exit 0
socket-errors--text-file-hint = อ่านจนสิ้นสุดสตรีม (read คืน 0) และเขียนแต่ละชิ้นไปที่ stdout ตามที่ได้มา
socket-errors--binary-file-description = `--file /blob.bin` (1 MiB ทุกค่าไบต์): stdout คือคำตอบตรงทุกไบต์
socket-errors--binary-file-hint = เขียนไบต์ดิบ (io::stdout().write_all); อย่าถอดรหัสเป็นข้อความ UTF-8
socket-errors--reset-midway-description = เซิร์ฟเวอร์ที่ reset กลางเนื้อหา: เขียนไบต์ที่มาถึงแล้ว ตามด้วย `Error receiving data: …`, exit 1
socket-errors--reset-midway-hint = เขียนแต่ละชิ้นทันทีที่อ่านได้ เพื่อไม่ให้ข้อผิดพลาดภายหลังทำข้อมูลหาย
socket-errors--closed-port-description = พอร์ตที่ไม่มีใครรอรับ: `Connection error: …`, exit 1
socket-errors--closed-port-hint = แยกข้อผิดพลาดของ connect เป็นข้อความของมันเอง
socket-errors--bad-host-description = โฮสต์ (host) `.invalid`: `Address-related error connecting to server: …`, exit 1
socket-errors--bad-host-hint = การแปลงชื่อเป็นขั้นตอนแยกที่มีข้อความของตัวเอง (to_socket_addrs ล้มเหลว)
socket-errors--bad-input-description = ขาด --file, --host หรือ --port หรือพอร์ตผิด เป็นข้อผิดพลาดการใช้งาน (exit 2)
socket-errors--bad-input-hint = ตรวจตัวเลือกที่จำเป็นทุกตัวก่อนเชื่อมต่อ

# tcp-echo
tcp-echo--server-hello-description = เซิร์ฟเวอร์ (server) พิมพ์ที่อยู่ก่อน ส่งข้อความของการรันครั้งนี้กลับ และบันทึกเหมือนต้นฉบับ Python
tcp-echo--server-hello-hint = พิมพ์ `Starting up echo server on HOST port PORT` ก่อน accept แล้ว flush stdout
tcp-echo--server-large-payload-description = ข้อมูลไบนารีสุ่ม 1 MiB กลับมาตรงทุกไบต์
tcp-echo--server-large-payload-hint = ลูป: อ่านสิ่งที่มา เขียนกลับทั้งหมด (write_all) จนกว่า read คืน 0
tcp-echo--server-sequential-clients-description = ไคลเอนต์ (client) 100 ตัวทีละตัวได้รับบริการทุกตัว
tcp-echo--server-sequential-clients-hint = accept ต่อหลังไคลเอนต์ออกไป; ปิดซ็อกเก็ต (socket) ของแต่ละไคลเอนต์เมื่อเสร็จ
tcp-echo--server-concurrent-clients-description = ไคลเอนต์ 10 ตัวที่เชื่อมต่อพร้อมกันได้คำตอบทุกตัวก่อนที่ใครจะออก
tcp-echo--server-concurrent-clients-hint = ให้บริการแต่ละไคลเอนต์ในเธรดของตัวเอง (thread::spawn) เพื่อไม่ให้ตัวหนึ่งรออีกตัว
tcp-echo--server-half-close-description = ไคลเอนต์ที่ปิดครึ่งทาง (half-close) ยังได้ทุกไบต์กลับ แล้วตามด้วยสิ้นสุดสตรีม
tcp-echo--server-half-close-hint = อ่านจนได้ 0 ไบต์ (สิ้นสุดสตรีม) แล้ว return: การ drop สตรีมคือการปิด
tcp-echo--server-survives-vanishing-client-description = ไคลเอนต์ที่ reset กลางสตรีมไม่ทำให้เซิร์ฟเวอร์ตาย
tcp-echo--server-survives-vanishing-client-hint = ข้อผิดพลาดของ write หรือ read ในไคลเอนต์หนึ่งจบแค่เธรดของไคลเอนต์นั้น ไม่ใช่ทั้งเซิร์ฟเวอร์
tcp-echo--server-ipv6-description = `--host ::1` ให้บริการผ่าน IPv6
tcp-echo--server-ipv6-hint = bind กับ (host, port) ตามที่ได้รับ; อย่าถือว่าเป็น IPv4
tcp-echo--client-output-description = ผลลัพธ์ของไคลเอนต์ตรงกับต้นฉบับ (Connecting, Sending, Received ต่อการอ่าน, Closing) สำหรับข้อความของการรันครั้งนี้ ซึ่งเซิร์ฟเวอร์ echo ได้รับแล้ว และไคลเอนต์ไม่อ่านเกินไบต์ echo ของตัวเอง
tcp-echo--client-output-hint = อ่านครั้งละ 16 ไบต์ (ไม่ขอเกินจำนวนที่ยังขาด) และพิมพ์แต่ละชิ้นเป็น `Received: …`
tcp-echo--client-trickle-description = เซิร์ฟเวอร์ที่ส่งกลับเป็นชิ้นละ 1-3 ไบต์: ไคลเอนต์อ่านต่อจนได้กลับครบ
tcp-echo--client-trickle-hint = read หนึ่งครั้งไม่ใช่ทั้งข้อความ: วนจนได้จำนวนไบต์เท่าที่ส่งไป
tcp-echo--client-early-close-description = เซิร์ฟเวอร์ที่ปิดหลังครึ่งทาง: `server closed the connection after N of M bytes`, exit 1
tcp-echo--client-early-close-hint = read ที่ได้ 0 ไบต์ก่อนที่ทุกอย่างจะกลับมาคือข้อผิดพลาดที่ต้องรายงาน
tcp-echo--client-ipv6-description = `--host ::1` เชื่อมต่อผ่าน IPv6; ข้อความของรอบนี้เป็นภาษาไทย (UTF-8 ที่เกิน ASCII) และบรรทัด Received พิมพ์มันออกมาครบถ้วน
tcp-echo--client-ipv6-hint = แปลง (host, port) ด้วย to_socket_addrs แทนการจัดรูป "{"{"}host{"}"}:{"{"}port{"}"}"
tcp-echo--bad-input-description = พอร์ตผิดเป็นข้อผิดพลาดการใช้งาน (exit 2); การเชื่อมต่อที่ถูกปฏิเสธคือหนึ่งบรรทัด, exit 1
tcp-echo--bad-input-hint = แปลง --port เป็น u16 และรายงานข้อผิดพลาดแทนการ unwrap

# timeouts
timeouts--show-description = `show` พิมพ์ค่า timeout เริ่มต้นและค่าที่เปลี่ยนแล้วเหมือนต้นฉบับ
timeouts--show-hint = read_timeout() ก่อน (None) และหลัง set_read_timeout(Some(100 s)) พิมพ์เป็น 100.0
timeouts--normal-peer-description = peer ที่ตอบทันทีและเปิดการเชื่อมต่อค้างไว้: ข้อความของรอบนี้ (รวมภาษาไทย) มาถึงเป็นหนึ่งบรรทัด และพิมพ์คำตอบ
timeouts--normal-peer-hint = ส่งข้อความพร้อมขึ้นบรรทัดใหม่ แล้วอ่านถึงขึ้นบรรทัดใหม่แรกและพิมพ์; อย่ารอจนจบไฟล์ (end of file)
timeouts--slow-peer-description = peer ที่ตอบหลัง T/4: พิมพ์คำตอบ (timeout ไม่ใจร้อนเกินไป)
timeouts--slow-peer-hint = timeout เป็นวินาที (0.3 = 300 ms): Duration::from_secs_f64
timeouts--silent-peer-description = peer ที่ไม่ตอบเลย: `timed out after T s waiting for reply`, exit 1, ภายใน [T, T+0.5 s]
timeouts--silent-peer-hint = ตั้ง read timeout; read ที่ล้มเหลวด้วย WouldBlock หรือ TimedOut คือหมดเวลา
timeouts--drip-peer-description = peer ที่ส่งหนึ่งไบต์ทุก 40 ms ไม่เคยขึ้นบรรทัดใหม่: timeout ยังทำงานที่ T
timeouts--drip-peer-hint = กำหนดเวลา (deadline) ครอบคลุมทั้งคำตอบ: ให้ read แต่ละครั้งเฉพาะเวลาที่เหลือ
timeouts--connect-timeout-description = listener ที่คิว accept เต็ม: `timed out after T s connecting to HOST:PORT`, exit 1, ภายใน [T, T+0.5 s]
timeouts--connect-timeout-hint = เชื่อมต่อด้วย TcpStream::connect_timeout ไม่ใช่ connect; ข้อผิดพลาด TimedOut ของมันคือ connect timeout
timeouts--reset-peer-description = peer ที่รีเซ็ตการเชื่อมต่อแทนการตอบ: ข้อผิดพลาดหนึ่งบรรทัดที่บอกว่าถูกรีเซ็ต, exit 1, ไม่ใช่หมดเวลา
timeouts--reset-peer-hint = เฉพาะ WouldBlock และ TimedOut เท่านั้นที่เป็นหมดเวลา; ข้อผิดพลาดอื่นของ read ให้รายงานตามที่เป็น
timeouts--bad-input-description = timeout ที่ผิด (`-1`, `0`, `nan`, `abc`, มากกว่าหนึ่งวัน) และ --port ที่ขาดหรือผิด เป็นข้อผิดพลาดการใช้งาน (exit 2); หนึ่งวัน (86400) ไม่ใช่
timeouts--bad-input-hint = แปลงวินาทีเป็น f64 และปฏิเสธสิ่งที่ไม่ใช่จำนวนจำกัดที่มากกว่า 0 และไม่เกิน 86400

# udp-echo
udp-echo--server-output-description = เซิร์ฟเวอร์พิมพ์ที่อยู่ก่อน และบันทึกแต่ละดาตาแกรม (datagram) เหมือนต้นฉบับ
udp-echo--server-output-hint = พิมพ์ `Starting up echo server on HOST port PORT` ก่อน recv_from ครั้งแรก แล้ว flush
udp-echo--server-datagram-sizes-description = ดาตาแกรมขนาด 0, 1, 1472 และ 65507 ไบต์กลับมาตรงพอดี
udp-echo--server-datagram-sizes-hint = รับใส่บัฟเฟอร์ 65507 ไบต์ (หรือใหญ่กว่า) และส่งดาตาแกรมว่างกลับด้วย
udp-echo--server-interleaved-clients-description = ไคลเอนต์สามตัวผลัดกันส่ง แต่ละตัวได้ดาตาแกรมของตัวเองกลับ
udp-echo--server-interleaved-clients-hint = ส่งแต่ละ echo ไปยังที่อยู่ที่ recv_from คืนมา
udp-echo--server-ipv6-description = `--host ::1` ให้บริการผ่าน IPv6
udp-echo--server-ipv6-hint = bind กับ (host, port) ตามที่ได้รับ; อย่าถือว่าเป็น IPv4
udp-echo--client-output-description = ผลลัพธ์ของไคลเอนต์ตรงกับต้นฉบับ (Connecting, Sending, received, Closing)
udp-echo--client-output-hint = พิมพ์ `received …` พร้อม echo แล้ว `Closing connection to the server`
udp-echo--client-lossy-description = เซิร์ฟเวอร์ที่ทิ้งสองดาตาแกรมแรก: ไคลเอนต์ส่งใหม่และสำเร็จ
udp-echo--client-lossy-hint = หลัง timeout ให้ส่งอีกครั้ง: UDP ไม่ส่งซ้ำให้คุณเอง
udp-echo--client-black-hole-description = เซิร์ฟเวอร์ที่ไม่ตอบเลย: `no reply after N attempts`, exit 1, ภายใน timeout × จำนวนครั้ง
udp-echo--client-black-hole-hint = นับจำนวนครั้งที่ลอง; หลัง timeout ครั้งสุดท้ายให้เลิกพร้อมข้อผิดพลาด
udp-echo--client-stranger-description = ดาตาแกรมจากที่อยู่อื่นถูกเพิกเฉย และพิมพ์ echo จริง
udp-echo--client-stranger-hint = เทียบที่อยู่ต้นทางของ recv_from กับที่อยู่ของเซิร์ฟเวอร์
udp-echo--client-strangers-keep-coming-description = คนแปลกหน้าส่งดาตาแกรมทุก 50 ms ขณะที่เซิร์ฟเวอร์เงียบ: ไคลเอนต์ยังคงยอมแพ้หลังหมดเวลา (timeout) ของมัน
udp-echo--client-strangers-keep-coming-hint = คำนวณเส้นตายครั้งเดียวต่อความพยายามหนึ่งครั้ง แล้วรอเฉพาะเวลาที่เหลือ; ดาตาแกรมจากคนแปลกหน้าไม่ได้เริ่มการรอใหม่
udp-echo--client-ipv6-description = `--host ::1` คุยกับเซิร์ฟเวอร์ IPv6; ข้อความเป็นภาษาไทย (UTF-8 ที่เกิน ASCII) และกลับมาครบถ้วน
udp-echo--client-ipv6-hint = bind ซ็อกเก็ตไคลเอนต์กับตระกูลที่อยู่ (address family) ของเซิร์ฟเวอร์ ([::]:0 สำหรับ IPv6)
udp-echo--bad-input-description = พอร์ตและจำนวนครั้งที่ลองใหม่ที่ผิด เป็นข้อผิดพลาดการใช้งาน (exit 2)
udp-echo--bad-input-hint = แปลงตัวเลขและรายงานข้อผิดพลาดแทนการ unwrap
