print("gradcheck")
